using System.Net;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;
using Markdig;

namespace Guardrails.Core.Tests.PullRequests;

/// <summary>
/// Text from a pull request stays text in the cost comment and the check run. The oracle is Markdig, a CommonMark
/// renderer with GitHub's extensions (pipe tables, strikethrough, autolinks) and raw HTML passed through, as GitHub does
/// before it sanitizes: whatever it turns into markup, GitHub would too.
/// </summary>
public class MarkdownTextTests
{
    private static readonly MarkdownPipeline s_gitHub = new MarkdownPipelineBuilder()
        .UsePipeTables().UseEmphasisExtras(Markdig.Extensions.EmphasisExtras.EmphasisExtraOptions.Strikethrough).UseAutoLinks().UseTaskLists().Build();

    private const string Hostile = "a <!-- @octocat [click](https://e.vil) ![i](https://e.vil/p.png) **Gate passed** ~~x~~ | b | &#64;c \\ <b>x</b> _y_";

    private static string Html(string markdown) => Markdown.ToHtml(markdown, s_gitHub);

    /// <summary>The text a reader sees: tags dropped, entities decoded, the mention break removed.</summary>
    private static string Visible(string html) =>
        WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", "")).Replace("\u200B", "", StringComparison.Ordinal).Trim();

    /// <summary>The text after "Name: ", as untrusted text always stands in the comment (never at a line's start).</summary>
    private static string HtmlMidLine(string text) => Html("Name: " + MarkdownText.Inline(text));

    private static string Collapse(string s) => Regex.Replace(s, "[ \t\r\n]+", " ").Trim();

    [Theory]
    [InlineData(Hostile)]
    [InlineData("<!--")]
    [InlineData("*a* _b_ __c__ **d** ~~e~~")]
    [InlineData("[a]: https://e.vil")]
    [InlineData("https://e.vil/<script>")]
    [InlineData("\\*not emphasis\\*")]
    [InlineData("@team and someone@example.com and @1559c186")]
    [InlineData("line one\nline two\r\n- not a list\n# not a heading\n> not a quote")]
    [InlineData("Standard_NC24ads_A100_v4")]
    public void Inline_text_renders_as_exactly_that_text_with_no_markup(string text)
    {
        var html = HtmlMidLine(text);

        Assert.Matches(@"^<p>[^<]*</p>\s*$", html); // one paragraph of text, no element
        Assert.Equal(Collapse("Name: " + text), Collapse(Visible(html)));
    }

    [Theory]
    [InlineData("x` <img src=x> `y", "x <img src=x> y")]
    [InlineData("not priced: `vm1` (main.tf:3)", "not priced: vm1 (main.tf:3)")]
    [InlineData("`", "`")]
    [InlineData("a ``` b", "a ``` b")]
    public void Backticks_make_inert_code_spans_or_stay_backticks(string text, string visible)
    {
        var html = HtmlMidLine(text);

        Assert.Matches(@"^<p>(?:[^<]|<code>[^<]*</code>)*</p>\s*$", html); // text and code spans, nothing else
        Assert.Equal(Collapse("Name: " + visible), Collapse(Visible(html)));
    }

    [Fact]
    public void A_mention_is_broken_where_GitHub_would_read_one_and_left_alone_inside_a_word()
    {
        Assert.Equal("cc @&#8203;octocat", MarkdownText.Inline("cc @octocat"));
        Assert.Equal("@&#8203;org/team", MarkdownText.Inline("@org/team"));
        Assert.Equal("repo@cf741f25 and mail@example.com", MarkdownText.Inline("repo@cf741f25 and mail@example.com"));
        Assert.Equal("a @ b", MarkdownText.Inline("a @ b"));
    }

    [Fact]
    public void Backtick_quoted_names_stay_code_spans_and_a_lone_backtick_is_escaped()
    {
        Assert.Equal("not priced: `vm1` (main.tf:3)", MarkdownText.Inline("not priced: `vm1` (main.tf:3)"));
        Assert.Equal(@"one \` lone", MarkdownText.Inline("one ` lone"));
        Assert.Equal(@"\`a \| b\` is text", MarkdownText.Inline("`a | b` is text")); // a pipe would need an escape a code span lacks
    }

    [Theory]
    [InlineData("gpu", "`gpu`")]
    [InlineData("a`b", "``a`b``")]
    [InlineData("``x", "``` ``x ```")]
    [InlineData("x`", "`` x` ``")]
    [InlineData("", "` `")]
    public void A_code_span_is_fenced_longer_than_any_backtick_run_inside_it(string name, string expected) =>
        Assert.Equal(expected, MarkdownText.Code(name));

    [Fact]
    public void A_code_span_in_a_table_keeps_its_pipe_inside_the_cell()
    {
        var table = "| Resource | Type |\n|---|---|\n| " + MarkdownText.Code("a | b", inTable: true) + " | " + MarkdownText.Inline("c | d") + " |\n";
        var html = Html(table);

        Assert.Equal(2, Regex.Matches(html, "<td").Count);
        // GitHub shows "a | b" in the code span (GFM spec, tables, example 200: the escaped pipe is a pipe, inside code
        // spans too); Markdig keeps the backslash there. Either way the pipe stays inside its cell.
        Assert.Matches(@"<td><code>a \\?\| b</code></td>", html);
        Assert.Contains(">c | d</td>", html, StringComparison.Ordinal);
    }

    /// <summary>Text made of Markdown's punctuation, spaces and line breaks (no backtick: see the code span tests; no colon:
    /// an autolinked URL is shown as itself).</summary>
    public static Arbitrary<string> MarkdownSoup() =>
        Gen.ArrayOf(Gen.Elements("a", "b", "1", " ", "\\", "*", "_", "[", "]", "(", ")", "<", ">", "|", "~", "&", "#", "!", "@", "-", "+",
                "=", ".", "/", "\"", "'", "\n", "\t", "<!--", "-->", "&amp;", "&#64;", "\\\\"))
            .Select(parts => string.Concat(parts)).ToArbitrary();

    [Property(MaxTest = 400, Arbitrary = [typeof(MarkdownTextTests)])]
    public Property Any_text_of_markdown_punctuation_renders_as_itself(string soup)
    {
        var html = HtmlMidLine(soup);
        var onlyText = Regex.IsMatch(html, @"^<p>[^<]*</p>\s*$");
        return (onlyText && Collapse(Visible(html)) == Collapse("Name: " + soup)).Label($"'{soup}' → {html}");
    }

    [Fact]
    public async Task A_pull_request_whose_paths_names_and_values_carry_markup_gets_a_comment_where_they_stay_text()
    {
        using var dir = new TempDir();
        var head = Directory.CreateDirectory(Path.Combine(dir.Path, "head", "inf<!--ra @octocat")).FullName;
        Directory.CreateDirectory(Path.Combine(dir.Path, "base"));
        File.WriteAllText(Path.Combine(head, "main.tf"), """
            resource "azurerm_linux_virtual_machine" "gpu" {
              name     = "trainer"
              location = "westeurope"
              size     = "Standard_NC24ads_A100_v4"
            }
            resource "azurerm_linux_virtual_machine" "odd" {
              name     = "x"
              location = "westeurope"
              size     = "Standard_Q9 <!-- @octocat [click](https://e.vil) ![i](https://e.vil/p.png) **Gate passed** | a |"
            }
            """);
        File.WriteAllText(Path.Combine(dir.Path, "head", "job.yml"), """
            name: "job` <!-- @octocat [click](https://e.vil) | x"
            command: python train.py
            resources:
              instance_type: Standard_NC24ads_A100_v4
            """);
        var config = new PullRequestConfig();
        var e = await new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, config)
            .EstimateAsync(IacReader.ReadDirectory(Path.Combine(dir.Path, "base")), IacReader.ReadDirectory(Path.Combine(dir.Path, "head")));
        var gate = CostGate.Evaluate(e, [], [], config.Gate, null);
        var md = CostCommentRenderer.Render(new CostCommentModel(e, [], [], gate, "0123abcd", DateTimeOffset.UnixEpoch));
        var html = Html(md);
        var check = Html(CheckRuns.Build("guardrails", "0123abcd", e, gate, md).Summary);

        Assert.Equal(GateState.Failure, gate.State);
        foreach (var rendered in new[] { html, check })
        {
            Assert.DoesNotContain("href=", rendered, StringComparison.Ordinal); // the URLs are shown, never linked
            Assert.DoesNotContain("<img", rendered, StringComparison.Ordinal);
            Assert.DoesNotContain("<a ", rendered, StringComparison.Ordinal);
            Assert.DoesNotContain("@octocat", Regex.Replace(rendered, "<code>[^<]*</code>", ""), StringComparison.Ordinal);
        }
        Assert.Equal(2, Regex.Matches(html, "<!--").Count); // the comment's own marker and stamp, nothing from the PR
        Assert.Contains("inf&lt;!--ra @\u200Boctocat/main.tf", html, StringComparison.Ordinal);
        Assert.All(Regex.Matches(html, "<tr>(.*?)</tr>", RegexOptions.Singleline).Skip(1).Take(1),
            row => Assert.Equal(7, Regex.Matches(row.Value, "<td").Count)); // the resource table's row keeps its seven cells
        Assert.Contains("<details>", html, StringComparison.Ordinal); // nothing after the hostile text was swallowed
        Assert.Contains("Usage assumptions and price sources", Visible(html), StringComparison.Ordinal);
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("guardrails-md-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
