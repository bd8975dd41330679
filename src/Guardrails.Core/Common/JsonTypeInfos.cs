using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Guardrails.Core.Common;

/// <summary>
/// The typed metadata of <typeparamref name="T"/> from options whose <see cref="JsonSerializerOptions.TypeInfoResolver"/>
/// is a source-generated context: the serializer overloads taking a <see cref="JsonTypeInfo{T}"/> need no reflection
/// (the native CLI has none), while the options' naming policy, encoder and converters still apply.
/// </summary>
public static class JsonTypeInfos
{
    public static JsonTypeInfo<T> Of<T>(this JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}
