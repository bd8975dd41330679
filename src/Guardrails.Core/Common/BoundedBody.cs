namespace Guardrails.Core.Common;

/// <summary>Reads a request body at most to a limit: a body sent without Content-Length (chunked) is cut off, never buffered whole.</summary>
public static class BoundedBody
{
    /// <summary>The bytes, or null when the body is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (ms.Length + read > maxBytes) return null;
            ms.Write(buffer, 0, read);
        }

        return ms.ToArray();
    }
}
