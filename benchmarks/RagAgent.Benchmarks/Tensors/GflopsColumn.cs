using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace RagAgent.Benchmarks.Tensors;

/// <summary>GFLOP/s = 2·m·k·n / time, read from the benchmark's <c>Shape</c> parameter ("MxKxN"), for the mean
/// time or for the fastest iteration (on a shared machine the mean mostly measures preemption).</summary>
public sealed class GflopsColumn(bool fromMin) : IColumn
{
    public string Id => nameof(GflopsColumn) + (fromMin ? "Min" : "Mean");

    public string ColumnName => fromMin ? "GFLOP/s (min)" : "GFLOP/s (mean)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"2·m·k·n floating-point operations divided by the {(fromMin ? "fastest iteration's" : "mean")} time";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        object? shape = benchmarkCase.Parameters["Shape"];
        if (statistics is null || shape is not string text)
        {
            return "-";
        }

        double nanoseconds = fromMin ? statistics.Min : statistics.Mean;
        double flops = 2.0 * text.Split('x').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).Aggregate((x, y) => x * y);
        return (flops / nanoseconds).ToString("F1", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>Adds the fastest iteration and the GFLOP/s columns.</summary>
public sealed class GflopsConfig : ManualConfig
{
    public GflopsConfig() => AddColumn(StatisticColumn.Min, new GflopsColumn(fromMin: false), new GflopsColumn(fromMin: true));
}
