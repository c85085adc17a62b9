using System.Globalization;
using RagAgent.Core.Training;
using RagAgent.Samples.Runs;

namespace RagAgent.Tests.Samples.Commands;

/// <summary>
/// What a cluster scheduler does to a run: SIGTERM at a random moment, or SIGKILL, then <c>--resume</c>. The resumed
/// run's logs must equal an uninterrupted run's in every column but the timing ones.
/// </summary>
[Platform(Exclude = "Win", Reason = "sends POSIX signals with kill")]
public sealed class TrainPreemptionTests
{
    private const int UpdatesInRun = 160;
    private static readonly string[] Run = ["train", "--env", "cartpole", "--seed", "5", "--envs", "2", "--num-steps", "64", "--steps", "20480", "--checkpoint-every", "1024"];
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ragagent-preempt-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Train_SigtermAtARandomMomentThenResume_GivesTheUninterruptedLogs()
    {
        string reference = Uninterrupted();
        string run = Path.Combine(_dir, "sigterm");
        int seed = Environment.TickCount;
        var random = new Random(seed);
        int rowsBeforeSignal = random.Next(1, UpdatesInRun / 2);
        TestContext.Out.WriteLine($"random seed {seed}: SIGTERM after {rowsBeforeSignal} rows");

        CliOutcome stopped;
        using (CliProcess child = CliProcess.Start([.. Run, "--out", run]))
        {
            WaitForRows(child, Path.Combine(run, RunFiles.Progress), rowsBeforeSignal);
            Thread.Sleep(random.Next(0, 20));
            child.Signal("TERM");
            stopped = child.WaitForExit(TimeSpan.FromMinutes(2));
        }

        Assert.That(stopped.ExitCode, Is.EqualTo(143), stopped.Error);
        Assert.That(stopped.Output, Does.Contain("stopped by SIGTERM"));
        long savedStep = CheckpointFile.Load(Path.Combine(run, RunFiles.Checkpoint)).Manifest.TrainingSteps;
        Assert.That(LastStep(Path.Combine(run, RunFiles.Progress)), Is.EqualTo(savedStep), "the checkpoint holds the last logged update");

        CliOutcome resumed = CliRunner.Run("train", "--out", run, "--resume");

        Assert.That(resumed.ExitCode, Is.Zero, resumed.Error);
        AssertSameLogs(run, reference);
    }

    [Test]
    public void Train_SigkillAfterAPeriodicCheckpointThenResume_KeepsTheCheckpointAndGivesTheUninterruptedLogs()
    {
        string reference = Uninterrupted();
        string run = Path.Combine(_dir, "sigkill");
        string checkpoint = Path.Combine(run, RunFiles.Checkpoint);

        // Killed a few updates after a periodic checkpoint: progress.csv then holds rows the checkpoint does not.
        using (CliProcess child = CliProcess.Start([.. Run, "--out", run]))
        {
            WaitForRows(child, Path.Combine(run, RunFiles.Progress), 8 * 3 + 5);
            child.Signal("KILL");
            child.WaitForExit(TimeSpan.FromMinutes(1));
        }

        long savedStep = CheckpointFile.Load(checkpoint).Manifest.TrainingSteps;
        Assert.That(savedStep % 1024, Is.Zero, "a periodic checkpoint, whole and loadable");
        Assert.That(LastStep(Path.Combine(run, RunFiles.Progress)), Is.GreaterThanOrEqualTo(savedStep));

        CliOutcome resumed = CliRunner.Run("train", "--out", run, "--resume");

        Assert.That(resumed.ExitCode, Is.Zero, resumed.Error);
        Assert.That(resumed.Output, Does.Contain($"from step {savedStep.ToString(CultureInfo.InvariantCulture)}"));
        AssertSameLogs(run, reference);
    }

    private string Uninterrupted()
    {
        string reference = Path.Combine(_dir, "reference");
        CliOutcome outcome = CliRunner.Run([.. Run, "--out", reference]);
        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        return reference;
    }

    private static void WaitForRows(CliProcess child, string progressPath, int rows)
    {
        DateTime deadline = DateTime.UtcNow.AddMinutes(2);
        while (CountRows(progressPath) < rows)
        {
            Assert.That(child.HasExited, Is.False, "the run ended before the signal; make it longer");
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "no progress");
            Thread.Sleep(2);
        }
    }

    private static int CountRows(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Count(c => c == '\n') - 1;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static long LastStep(string progressPath) => ProgressCsv.Read(progressPath)[^1].Step;

    /// <summary>progress.csv without sps and wall_s, episodes.csv without wall_s: equal line for line.</summary>
    private static void AssertSameLogs(string run, string reference)
    {
        Assert.That(WithoutTiming(Path.Combine(run, RunFiles.Progress), "sps", "wall_s"), Is.EqualTo(WithoutTiming(Path.Combine(reference, RunFiles.Progress), "sps", "wall_s")));
        Assert.That(WithoutTiming(Path.Combine(run, RunFiles.Episodes), "wall_s"), Is.EqualTo(WithoutTiming(Path.Combine(reference, RunFiles.Episodes), "wall_s")));
        Assert.That(ProgressCsv.Read(Path.Combine(run, RunFiles.Progress)), Has.Count.EqualTo(UpdatesInRun));
    }

    private static string[] WithoutTiming(string path, params string[] timingColumns)
    {
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',');
        int[] keep = Enumerable.Range(0, header.Length).Where(i => !timingColumns.Contains(header[i])).ToArray();
        return lines.Select(line => string.Join(',', keep.Select(i => line.Split(',')[i]))).ToArray();
    }
}
