using System.IO.Compression;
using Guardrails.Core.Billing;
using Guardrails.Core.Billing.Reading;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing.Reading;

/// <summary>
/// A gzip file may be several gzip members one after another (<c>cat a.gz b.gz</c>, BGZF, writers that append). It is
/// one valid file: every member's rows are read, and a file cut inside any member is still named as cut.
/// </summary>
public class GzipMemberTests
{
    private static readonly string MultiCloud = Sample("focus", "finops-foundation-sample", "focus_1.0_sample_1000rows_multicloud.csv");

    [Fact]
    public async Task A_file_of_three_gzip_members_reads_every_row_and_the_same_totals_as_the_plain_csv()
    {
        var plain = await File.ReadAllBytesAsync(MultiCloud);
        var expected = await ReadAsync(FromBytes("export.csv", plain));

        var multi = await ReadAsync(FromBytes("export.csv.gz", Members(plain, plain.Length / 3 + 7, plain.Length / 2)));

        Assert.Equal(1000, multi.Summary.RowsRead);
        Assert.Equal(expected.Summary.RowsAccepted, multi.Summary.RowsAccepted);
        Assert.Equal(expected.Summary.Totals, multi.Summary.Totals);
    }

    [Fact]
    public async Task A_file_of_hundreds_of_small_members_is_read_whole()
    {
        var plain = await File.ReadAllBytesAsync(MultiCloud);
        var cuts = Enumerable.Range(1, plain.Length / 2048).Select(i => i * 2048).ToArray();

        var result = await ReadAsync(FromBytes("export.csv.gz", Members(plain, cuts)));

        Assert.True(cuts.Length > 300);
        Assert.Equal(1000, result.Summary.RowsRead);
    }

    [Fact]
    public async Task A_multi_member_file_cut_short_is_a_whole_file_error_naming_the_file()
    {
        var plain = await File.ReadAllBytesAsync(MultiCloud);
        var first = Gzip(plain[..(plain.Length / 2)]);
        var bytes = Members(plain, plain.Length / 2);

        foreach (var cut in new[] { first.Length + 30, first.Length + (bytes.Length - first.Length) / 2, bytes.Length - 3 })
        {
            var e = await Assert.ThrowsAsync<CostExportException>(() => ReadAsync(FromBytes("export.csv.gz", bytes[..cut])));
            Assert.Contains("export.csv.gz", e.Message);
            Assert.Contains("gzip", e.Message);
        }
    }

    [Fact]
    public void Member_boundaries_are_found_however_the_bytes_are_chunked()
    {
        var parts = new[] { "a,b\n"u8.ToArray(), new byte[40], "third member\n"u8.ToArray(), "4\n"u8.ToArray() };
        var bytes = parts.SelectMany(Gzip).ToArray();
        var earlier = (uint)(parts[0].Length + parts[1].Length + parts[2].Length);

        for (var size = 1; size <= bytes.Length; size++)
        {
            var boundaries = new GzipMemberBoundaries();
            for (var at = 0; at < bytes.Length; at += size)
                boundaries.Scan(bytes.AsSpan(at, Math.Min(size, bytes.Length - at)), at);

            Assert.Equal(3, boundaries.Count);
            Assert.Equal(earlier, boundaries.EarlierMembersSize);
        }
    }

    [Fact]
    public async Task One_member_whose_stored_bytes_look_like_a_further_member_s_header_is_still_read_whole()
    {
        // Stored (uncompressed) deflate blocks keep the data as it is: a line holding 1f 8b 08 00 … puts a member-header
        // look-alike into the compressed bytes of a one-member file.
        var csv = await File.ReadAllBytesAsync(MultiCloud);
        var expected = await ReadAsync(FromBytes("export.csv", csv));
        byte[] lookAlike = [0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03, 0x0a];
        var plain = csv.Concat(lookAlike).ToArray();
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.NoCompression)) gzip.Write(plain);
        var bytes = output.ToArray();
        var boundaries = new GzipMemberBoundaries();
        boundaries.Scan(bytes, 0);
        Assert.Equal(1, boundaries.Count); // the look-alike is taken for a boundary

        var result = await ReadAsync(FromBytes("export.csv.gz", bytes));

        // Read whole, not refused as corrupt: the sample's rows as from the plain file, and the odd line rejected on its own.
        Assert.Equal((1001, expected.Summary.RowsAccepted), (result.Summary.RowsRead, result.Summary.RowsAccepted));
        Assert.Equal(expected.Summary.Totals, result.Summary.Totals);
    }

    /// <summary>The data gzipped as one member per piece, the pieces split at <paramref name="cuts"/>.</summary>
    private static byte[] Members(byte[] data, params int[] cuts)
    {
        var bounds = cuts.Prepend(0).Append(data.Length).ToArray();
        return [.. bounds.Zip(bounds.Skip(1)).SelectMany(b => Gzip(data[b.First..b.Second]))];
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }
}
