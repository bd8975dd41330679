using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Carbon;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Core.Reporting;

namespace Guardrails.Core.Tests.Reporting;

public class ModelAndCarbonReportTests
{
    [Fact]
    public void Models_csv_matches_golden() =>
        Golden.Assert("models-2026-11.csv", ReportWriters.ModelsCsv(ModelCostReportBuilder.Build(ReportTestData.DataSet(), period: "2026-11")));

    [Fact]
    public void Runs_csv_matches_golden() =>
        Golden.Assert("runs-2026-11.csv", ReportWriters.RunsCsv(ModelCostReportBuilder.Build(ReportTestData.DataSet(), period: "2026-11")));

    [Fact]
    public void Models_json_matches_golden() =>
        Golden.Assert("models-2026-11.json", ReportWriters.ModelsJson(ModelCostReportBuilder.Build(ReportTestData.DataSet(), period: "2026-11")));

    [Fact]
    public void Model_cost_gpu_hours_spot_share_and_cost_per_successful_run()
    {
        var report = ModelCostReportBuilder.Build(ReportTestData.DataSet());
        var rows = ReportTestData.ExportRows().Where(r => r.Currency == "USD" && r.Day.Month == 11).ToList();
        var resnet = report.Models.Single(m => m.Model == "resnet" && m.Currency == "USD");
        var resnetRows = rows.Where(r => r.Model == "resnet").ToList();
        var gpuRows = resnetRows.Where(r => r.GpuHours > 0).ToList();

        Assert.Equal(resnetRows.Sum(r => r.Effective), resnet.Cost);
        Assert.Equal(8m * (24 * 5 + 7.5m) + 8m * 20.25m * 3, resnet.GpuHours);
        Assert.Equal(Math.Round(gpuRows.Sum(r => r.Effective) / resnet.GpuHours, 4), resnet.EffectiveCostPerGpuHour);
        Assert.Equal(Math.Round(gpuRows.Where(r => r.Pricing == PricingCategory.Dynamic).Sum(r => r.Effective) / gpuRows.Sum(r => r.Effective), 4), resnet.SpotShare);
        Assert.Equal(2, resnet.Runs);
        Assert.Equal(1, resnet.SuccessfulRuns); // r-102 failed
        Assert.Equal(resnet.Cost, resnet.CostPerSuccessfulRun); // the failed run's cost is part of what the success cost

        var llama = report.Models.Single(m => m.Model == "llama-ft" && m.Currency == "USD");
        Assert.Equal(rows.Where(r => r.Model == "llama-ft").Sum(r => r.Effective) + 300m, llama.Cost); // + declared fixed licence
        Assert.Equal(3, llama.Runs);
        Assert.Equal(2, llama.SuccessfulRuns); // "succeeded" and "completed"; "running" is unknown
        Assert.Equal(llama.Cost / 2, llama.CostPerSuccessfulRun);
        Assert.Equal(RunOutcome.Unknown, report.Runs.Single(r => r.Run == "e-9").Outcome);
    }

    [Fact]
    public void Without_a_status_key_success_is_unknown()
    {
        var data = ReportTestData.DataSet();
        var stripped = data.Facts.Select(f => f with
        {
            Allocation = new Guardrails.Core.Allocation.AllocationKey(f.Allocation.Pairs.Where(p => p.Key != "status")),
        }).ToList();
        var report = ModelCostReportBuilder.Build(data with { Facts = stripped });
        Assert.NotEmpty(report.Models);
        Assert.All(report.Models, m =>
        {
            Assert.Null(m.SuccessfulRuns);
            Assert.Null(m.CostPerSuccessfulRun);
            Assert.StartsWith("unknown", m.SuccessBasis);
        });
    }

    [Fact]
    public void Carbon_is_gpu_hours_times_board_power_times_pue_times_grid_intensity()
    {
        var report = CarbonReportBuilder.Build(ReportTestData.DataSet(), CarbonFactors.Default, VmSkuCatalog.Default);
        var vision = report.ByTeam.Single(r => r.Value == "vision");
        // H100 80GB SXM5 700 W, PUE 1.185 (CCF), eastus 379.069 gCO2e/kWh (CCF, eGRID2020 SERC).
        var hours = 8m * (24 * 5 + 7.5m) + 8m * 20.25m * 3;
        Assert.Equal(hours, vision.GpuHours);
        Assert.Equal(Math.Round(hours * 0.700m * 1.185m * 0.379069m, 3), vision.KgCO2e);
        Assert.Equal(0m, vision.GpuHoursNotEstimated);

        var nlp = report.ByTeam.Single(r => r.Value == "nlp");
        var a100 = 24m * 10 + 23.3333m * 7; // A100 80GB PCIe 300 W, westeurope 328.4 g
        var t4 = 24m; // T4 70 W, swedencentral 5.67 g
        Assert.Equal(Math.Round(a100 * 0.300m * 1.185m * 0.3284m + t4 * 0.070m * 1.185m * 0.00567m, 3), nlp.KgCO2e);
        Assert.Equal("mlco2/impact@b492fe4b:data/gpus.csv", report.Factors["gpu:NVIDIA H100 80GB"].Source.Split(' ')[0]);
        Assert.Contains("cloud-carbon-footprint", report.Factors["region:eastus"].Source);
        Assert.Contains("region:westeurope", nlp.FactorIds);
        Assert.Empty(report.Gaps);
    }

    [Fact]
    public void Carbon_never_adds_two_currencies()
    {
        var data = ReportTestData.DataSet();
        var usd = CarbonReportBuilder.Build(data, CarbonFactors.Default, VmSkuCatalog.Default);
        var gpu = data.Resources.First(r => r.GpuHours > 0 && r.Category == CostCategory.GpuCompute && r.Allocation.ToDictionary().GetValueOrDefault("team") == "vision");
        var eur = gpu with { Currency = "EUR" };
        var mixed = CarbonReportBuilder.Build(data with { Resources = [.. data.Resources, eur] }, CarbonFactors.Default, VmSkuCatalog.Default);

        var visionUsd = mixed.ByTeam.Single(r => r.Value == "vision" && r.Currency == "USD");
        var visionEur = mixed.ByTeam.Single(r => r.Value == "vision" && r.Currency == "EUR");
        Assert.Equal(usd.ByTeam.Single(r => r.Value == "vision").GpuCost, visionUsd.GpuCost);
        Assert.Equal(FactClass.Cost(eur, CostBasis.Effective), visionEur.GpuCost);
        Assert.Equal(eur.GpuHours, visionEur.GpuHours);
        Assert.True(mixed.TotalKgCO2e > usd.TotalKgCO2e); // the EUR resource's emissions count once, in its own row
    }

    [Fact]
    public void Carbon_without_a_region_is_not_estimated_and_says_why()
    {
        var data = ReportTestData.DataSet();
        data = data with { Resources = data.Resources.Select(r => r with { RegionId = null }).ToList() };
        var report = CarbonReportBuilder.Build(data, CarbonFactors.Default, VmSkuCatalog.Default);
        Assert.Contains(report.ByTeam, r => r.GpuHours > 0);
        Assert.All(report.ByTeam, r => Assert.Equal(r.GpuHours, r.GpuHoursNotEstimated));
        Assert.Equal(0m, report.TotalKgCO2e);
        Assert.Contains(report.Gaps, g => g.Contains("region unknown"));

        var withDefault = CarbonReportBuilder.Build(data, CarbonFactors.Default, VmSkuCatalog.Default, defaultRegion: "swedencentral");
        Assert.True(withDefault.TotalKgCO2e > 0);
    }

    [Fact]
    public void Carbon_json_matches_golden() =>
        Golden.Assert("carbon-2026-11.json", ReportWriters.CarbonJson(CarbonReportBuilder.Build(ReportTestData.DataSet(), CarbonFactors.Default, VmSkuCatalog.Default)));

    [Fact]
    public void Every_sku_gpu_model_in_the_catalog_has_a_sourced_board_power()
    {
        foreach (var sku in VmSkuCatalog.Default.All.Where(s => s.HasGpu))
            Assert.True(CarbonFactors.Default.GpuPower(sku.GpuModel) is not null, $"{sku.ArmSkuName}: no board power for '{sku.GpuModel}'");
    }
}
