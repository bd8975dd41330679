using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Terraform's string and number functions that configurations use to build a size name or a count, read through a VM's
/// <c>size</c> and <c>count</c> as the estimator reads them. Expected values follow the examples and rules of Terraform's
/// function documentation (developer.hashicorp.com/terraform/language/functions). Before: each was "evaluated at
/// deployment time", so the VM was unpriced (failing the gate) though its size was written in the file.
/// </summary>
public sealed class TerraformFunctionsTests
{
    private const string Variables = """
        variable "size" {
          default = "standard_nc24ads_a100_v4 "
        }
        variable "gpu" {
          default = "NC24ads_A100"
        }
        variable "cores" {
          default = 24
        }
        variable "family" {
          default = ["Standard", "NC4as", "T4", "v3"]
        }
        variable "sizes" {
          default = { small = "Standard_NC4as_T4_v3", big = "Standard_NC24ads_A100_v4" }
        }
        variable "pinned" {}
        """;

    private static IacResource Vm(string size, string count = "1") => Assert.Single(IacReader.ReadAll(new Dictionary<string, string>
    {
        ["main.tf"] = Variables + $"\nresource \"azurerm_linux_virtual_machine\" \"vm\" {{\n  count    = {count}\n  location = \"westeurope\"\n  size     = {size}\n}}\n",
    }).Resources);

    [Theory]
    [InlineData("format(\"Standard_%s_v4\", var.gpu)", "Standard_NC24ads_A100_v4")]
    [InlineData("format(\"Standard_NC%dads_A100_v%d\", var.cores, 4)", "Standard_NC24ads_A100_v4")]
    [InlineData("format(\"Standard_NC%dads_A100_v4\", \"24\")", "Standard_NC24ads_A100_v4")]
    [InlineData("format(\"%s%%\", \"Standard_NC4as_T4_v3\") == \"Standard_NC4as_T4_v3%\" ? \"Standard_NC4as_T4_v3\" : \"x\"", "Standard_NC4as_T4_v3")]
    [InlineData("join(\"_\", var.family)", "Standard_NC4as_T4_v3")]
    [InlineData("join(\"_\", [\"Standard\", \"NC4as\"], [\"T4\", \"v3\"])", "Standard_NC4as_T4_v3")]
    [InlineData("trimspace(upper(var.size)) == \"STANDARD_NC24ADS_A100_V4\" ? trimspace(var.size) : \"x\"", "standard_nc24ads_a100_v4")]
    [InlineData("replace(\"Standard_NC4as_T4_v3\", \"NC4as_T4_v3\", \"NC24ads_A100_v4\")", "Standard_NC24ads_A100_v4")]
    [InlineData("substr(\"xStandard_NC4as_T4_v3\", 1, -1)", "Standard_NC4as_T4_v3")]
    [InlineData("substr(\"Standard_NC4as_T4_v3yy\", 0, 20)", "Standard_NC4as_T4_v3")]
    [InlineData("\"Standard_${substr(\"xx_NC4as_T4_v3\", -11, 100)}\"", "Standard_NC4as_T4_v3")]
    [InlineData("trimsuffix(trimprefix(\"<Standard_NC4as_T4_v3>\", \"<\"), \">\")", "Standard_NC4as_T4_v3")]
    [InlineData("element(split(\",\", \"Standard_NC4as_T4_v3,Standard_NC24ads_A100_v4\"), 1)", "Standard_NC24ads_A100_v4")]
    [InlineData("\"Standard_NC${tostring(var.cores)}ads_A100_v4\"", "Standard_NC24ads_A100_v4")]
    [InlineData("\"Standard_NC${max(4, var.cores, 8)}ads_A100_v4\"", "Standard_NC24ads_A100_v4")]
    [InlineData("\"Standard_NC${min(tonumber(\"24\"), 96)}ads_A100_v4\"", "Standard_NC24ads_A100_v4")]
    [InlineData("try(var.sizes[\"big\"], \"Standard_NC4as_T4_v3\")", "Standard_NC24ads_A100_v4")]
    [InlineData("lookup(var.sizes, lower(\"BIG\"), \"x\")", "Standard_NC24ads_A100_v4")]
    public void Functions_on_known_values_give_the_size(string expression, string size)
    {
        var vm = Vm(expression);

        Assert.Null(vm.UnresolvedReason);
        Assert.Equal(size, vm.Sku);
    }

    [Theory]
    [InlineData("format(\"Standard_%s\", var.pinned)", "variable `pinned`")]
    [InlineData("join(\"_\", [\"Standard\", var.pinned])", "variable `pinned`")]
    [InlineData("try(var.pinned, \"Standard_NC4as_T4_v3\")", "`try(…)`: its first argument is not known here")]
    [InlineData("format(\"Standard_%5s\", \"x\")", "`format(…)`: verb %5 of argument 1 is not evaluated here")]
    [InlineData("format(\"Standard_%s\")", "`format(…)`: more verbs than arguments")]
    [InlineData("format(\"Standard_NC4as_T4_v3\", \"x\")", "`format(…)`: more arguments than verbs")]
    [InlineData("format(\"Standard_NC%dads\", 2.5)", "`format(…)`: verb %d of argument 1 is not evaluated here")]
    [InlineData("replace(\"Standard_NC4as_T4_v3\", \"/T4/\", \"A100\")", "`replace(…)` with these arguments cannot be evaluated statically")]
    [InlineData("substr(\"abc\", 5, 1)", "`substr(…)` is outside the string")]
    [InlineData("split(\"\", \"abc\")[0]", "`split(…)` with these arguments cannot be evaluated statically")]
    [InlineData("tostring([\"a\"])", "`tostring(…)` with these arguments cannot be evaluated statically")]
    [InlineData("\"Standard_NC${min([4, 8])}\"", "`min(…)` with these arguments cannot be evaluated statically")]
    public void A_function_whose_arguments_cannot_be_known_or_used_leaves_the_size_unknown_with_the_reason(string expression, string reason)
    {
        var vm = Vm(expression);

        Assert.Null(vm.Sku);
        Assert.Contains(reason, vm.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_count_from_string_functions_is_read()
    {
        var vm = Vm("\"Standard_NC4as_T4_v3\"", "length(split(\",\", \"a,b,c\")) + tonumber(substr(\"n=2\", -1, 1))");

        Assert.Equal(5m, vm.Quantity);
    }

    [Fact]
    public void A_result_longer_than_the_text_limit_is_unknown_not_built()
    {
        var big = new string('x', 60_000);

        var joined = Vm($"join(\"\", [\"{big}\", \"{big}\"])");
        var formatted = Vm($"format(\"%s%s\", \"{big}\", \"{big}\")");
        var replaced = Vm($"replace(\"{big}\", \"x\", \"yy\")");

        Assert.All(new[] { joined, formatted, replaced }, v => Assert.Contains("a text longer than 100,000 characters", v.UnresolvedReason, StringComparison.Ordinal));
    }

    [Fact]
    public void Substr_counts_unicode_characters_not_utf16_units()
    {
        var vm = Vm("\"Standard_NC4as_T4_v3${substr(\"\U0001F914\U0001F937\", 1, 1) == \"\U0001F937\" ? \"\" : \"x\"}\"");

        Assert.Equal("Standard_NC4as_T4_v3", vm.Sku);
    }
}
