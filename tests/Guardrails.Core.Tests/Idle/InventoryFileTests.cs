using Guardrails.Core.Actions;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;

namespace Guardrails.Core.Tests.Idle;

public sealed class InventoryFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("inventory-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string OneVm = """
        machines:
          - resourceId: /subscriptions/s/resourceGroups/ml/providers/Microsoft.Compute/virtualMachines/vm1
            vmSize: Standard_NC4as_T4_v3
            location: eastus
        """;

    [Fact]
    public void Without_a_given_file_the_inventory_beside_the_telemetry_is_read_for_a_folder_and_for_a_file_in_it()
    {
        File.WriteAllText(Path.Combine(_dir, "inventory.yaml"), OneVm);
        var telemetryFile = Path.Combine(_dir, "gpu.csv");

        Assert.Equal("vm1", Assert.Single(InventoryFile.LoadGivenOrBeside(null, _dir).Machines).Name);
        Assert.Equal("vm1", Assert.Single(InventoryFile.LoadGivenOrBeside(null, telemetryFile).Machines).Name);
    }

    [Fact]
    public void No_inventory_beside_the_telemetry_is_a_config_error_naming_both_ways_to_give_one()
    {
        var e = Assert.Throws<ConfigException>(() => InventoryFile.LoadGivenOrBeside(null, _dir));

        var message = Assert.Single(e.Errors).ToString();
        Assert.StartsWith("no inventory: give --inventory <file>", message, StringComparison.Ordinal);
        Assert.Contains("put inventory.yaml in " + _dir, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_given_inventory_that_does_not_exist_is_a_config_error_naming_it()
    {
        var missing = Path.Combine(_dir, "nope.yaml");

        var e = Assert.Throws<ConfigException>(() => InventoryFile.LoadGivenOrBeside(missing, _dir));

        Assert.Equal($"{missing}: --inventory: no such inventory file", Assert.Single(e.Errors).ToString());
    }

    [Fact]
    public void A_config_error_without_a_file_or_field_prints_only_its_message()
    {
        Assert.Equal("no configuration", new ConfigError("", null, "", "no configuration").ToString());
        Assert.Equal("g.yaml:3: budgets[0].amount: must be positive", new ConfigError("g.yaml", 3, "budgets[0].amount", "must be positive").ToString());
        Assert.Equal("g.yaml: policies: none", new ConfigError("g.yaml", null, "policies", "none").ToString());
    }

    private static ConfigError OnlyError(string extraLine)
    {
        var ex = Assert.Throws<ConfigException>(() => InventoryFile.Parse(OneVm + "\n    " + extraLine, "inv.yaml"));
        return Assert.Single(ex.Errors);
    }

    [Theory]
    [InlineData("hourlyCost: abc", "machines[0].hourlyCost", "'abc' is not a number")]
    [InlineData("hourlyCost: 1e400", "machines[0].hourlyCost", "'1e400' is not a number")]
    [InlineData("hourlyCost: -3", "machines[0].hourlyCost", "'-3' is negative")]
    [InlineData("currency: $", "machines[0].currency", "'$' is not a three-letter currency code")]
    [InlineData("tags: 5", "machines[0].tags", "expected a map of name: value")]
    [InlineData("powerState: [running]", "machines[0].powerState", "expected a single value")]
    [InlineData("colour: red", "machines[0].colour", "unknown key 'colour'")]
    public void A_bad_value_is_named_by_its_file_line_and_field_in_words(string line, string field, string message)
    {
        var e = OnlyError(line);
        Assert.Equal(("inv.yaml", 5, field), (e.File, e.Line, e.Field));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_given_as_null_takes_its_default_instead_of_crashing()
    {
        var machine = Assert.Single(InventoryFile.Parse(OneVm.Replace("location: eastus", "location: null") + "\n    powerState: null\n    tags: { team: }", "inv.yaml").Machines);

        Assert.Equal(("", MachinePowerState.Running, ""), (machine.Location, machine.PowerState, machine.Tags["team"]));
    }

    [Fact]
    public void An_empty_machine_item_is_an_error_on_its_line()
    {
        var ex = Assert.Throws<ConfigException>(() => InventoryFile.Parse("machines:\n  -\n  - null\n", "inv.yaml"));

        Assert.Equal([(2, "machines[0]"), (3, "machines[1]")], ex.Errors.Select(e => (e.Line, e.Field)));
    }
}
