using RagAgent.Core.Tensors;
using RagAgent.Core.Training;

namespace RagAgent.Tests.Training;

public sealed class TrainerStateTests
{
    [TestCase(0L)]
    [TestCase(1L)]
    [TestCase(123_456_789_012L)]
    [TestCase(long.MaxValue)]
    [TestCase(-5L)]
    public void LegacyDecodeInt64_FourSixteenBitLimbs_IsExact(long value)
    {
        ulong bits = unchecked((ulong)value);
        float[] limbs = [bits & 0xFFFF, (bits >> 16) & 0xFFFF, (bits >> 32) & 0xFFFF, (bits >> 48) & 0xFFFF];
        Assert.That(LegacyCheckpointState.DecodeInt64(limbs), Is.EqualTo(value));
    }

    [Test]
    public void LegacyDecode_NonIntegralLimbOrMissingTensor_ThrowsNamingIt()
    {
        Assert.That(() => LegacyCheckpointState.DecodeInt64([1.5f, 0f, 0f, 0f]), Throws.TypeOf<InvalidDataException>().With.Message.Contains("limb 0"));
        Assert.That(() => LegacyCheckpointState.Trainer([]), Throws.TypeOf<InvalidDataException>().With.Message.Contains("'counters'"));
    }

    [Test]
    public void LegacyDecodeBytes_ThreeBytesPerFloat_RoundTrips()
    {
        // 0.1.0 packed 5 bytes as count limbs [5, 0, 0, 0] then b0 + 256 b1 + 65536 b2 per float.
        float[] packed = [5f, 0f, 0f, 0f, 1f + (256f * 2f) + (65536f * 255f), 7f + (256f * 9f)];
        Assert.That(LegacyCheckpointState.DecodeBytes(packed), Is.EqualTo(new byte[] { 1, 2, 255, 7, 9 }));
    }

    [Test]
    public void EpisodeStatsWindow_WrapsAround_KeepsLastEpisodes()
    {
        var window = new EpisodeStatsWindow(3);
        Assert.That(float.IsNaN(window.MeanReturn), Is.True);
        window.Add(1f, 10, false);
        window.Add(2f, 20, true);
        window.Add(3f, 30, true);
        window.Add(7f, 40, false);
        Assert.Multiple(() =>
        {
            Assert.That(window.Count, Is.EqualTo(3));
            Assert.That(window.TotalEpisodes, Is.EqualTo(4));
            Assert.That(window.MeanReturn, Is.EqualTo(4f));
            Assert.That(window.MeanLength, Is.EqualTo(30f));
            Assert.That(window.SuccessRate, Is.EqualTo(2f / 3f));
        });
    }

    [Test]
    public void EpisodeStatsWindow_ExportImport_RestoresMeansAndOrder()
    {
        var window = new EpisodeStatsWindow(3);
        foreach (int k in Enumerable.Range(1, 5))
        {
            window.Add(k * 0.1f, k, k % 2 == 0);
        }

        var counters = new Dictionary<string, long>();
        var tensors = new List<StateTensor>();
        window.Export("ep.", counters, tensors);
        var state = new StateDict(counters, tensors);
        Assert.That(state.Tensor("ep.lengths", "test").DType, Is.EqualTo(TensorDType.I32));
        Assert.That(state.Tensor("ep.successes", "test").DType, Is.EqualTo(TensorDType.U8));
        var restored = new EpisodeStatsWindow(3);
        restored.Import(state, "ep.");
        restored.Add(9f, 9, true);
        window.Add(9f, 9, true);
        Assert.That(restored.MeanReturn, Is.EqualTo(window.MeanReturn));
        Assert.That(restored.SuccessRate, Is.EqualTo(window.SuccessRate));
        Assert.That(restored.TotalEpisodes, Is.EqualTo(6));
        Assert.That(() => new EpisodeStatsWindow(2).Import(state, "ep."), Throws.TypeOf<InvalidDataException>().With.Message.Contains("StatsWindowSize"));
    }

    [Test]
    public void UpdateMetrics_CsvRow_FollowsProgressCsvHeader()
    {
        var m = new UpdateMetrics(2, 1024, 12, 21.5f, 21.5f, 0f, -0.01f, 0.5f, 0.69f, 0.001f, 0.1f, 1000.25, 1.5, 0.3f, 2.5e-4f);
        Assert.That(UpdateMetrics.CsvHeader, Does.StartWith(
            "step,episodes,mean_return,mean_length,success_rate,policy_loss,value_loss,entropy,approx_kl,clip_fraction,sps,wall_s"));
        string[] cells = m.ToCsvRow().Split(',');
        Assert.That(cells, Has.Length.EqualTo(UpdateMetrics.CsvHeader.Split(',').Length));
        Assert.That(cells[0..3], Is.EqualTo(new[] { "1024", "12", "21.5" }));
        Assert.That(cells[10..12], Is.EqualTo(new[] { "1000.2", "1.500" }).Or.EqualTo(new[] { "1000.3", "1.500" }));

        var sink = new InMemoryMetricSink();
        m.WriteTo(sink);
        Assert.That(sink.Get("losses/approx_kl")[0], Is.EqualTo(new MetricPoint(1024, 0.001f)));
        Assert.That(sink.Keys, Does.Contain("charts/mean_return"));
    }
}
