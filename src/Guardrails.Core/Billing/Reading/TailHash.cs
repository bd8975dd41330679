using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Guardrails.Core.Billing.Reading;

/// <summary>
/// The hash the reader's per-row caches index by (<see cref="SpanCache{T}"/>'s front table, <see cref="ResourceMemoTable"/>'s
/// sets): the value's length and its last 16 characters, mixed so that every bit moves the low bits a table masks. An ARM
/// resource id is about 150 characters and ids differ at their end (the resource name): hashing all of them per row
/// measured as the largest single cost of the row mapper.
/// </summary>
internal static class TailHash
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Of(ReadOnlySpan<char> key)
    {
        ulong h = (ulong)key.Length * 0x9E3779B97F4A7C15;
        if (key.Length >= 16)
        {
            var tail = MemoryMarshal.Cast<char, ulong>(key[^16..]);
            h = (h ^ tail[0]) * 0x100000001B3;
            h = (h ^ tail[1]) * 0x100000001B3;
            h = (h ^ tail[2]) * 0x100000001B3;
            h = (h ^ tail[3]) * 0x100000001B3;
        }
        else
        {
            foreach (var c in key) h = (h ^ c) * 0x100000001B3;
        }

        return (uint)((h ^ (h >> 29)) * 0x9E3779B97F4A7C15 >> 32);
    }
}
