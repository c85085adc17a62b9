using RagAgent.Samples.Runs;

namespace RagAgent.Tests.Samples.TensorBoard;

/// <summary><c>ragagent train</c> writes a TensorBoard log that matches progress.csv (short cartpole runs, about 1 s each).</summary>
public sealed class TrainTensorBoardTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ragagent-train-tb-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Train_Default_WritesOneEventPerProgressRowWithTheSameValues()
    {
        string run = Path.Combine(_dir, "cartpole");

        CliOutcome outcome = CliRunner.Run("train", "--env", "cartpole", "--envs", "2", "--num-steps", "64", "--steps", "1024", "--out", run);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        IReadOnlyList<ProgressRow> rows = ProgressCsv.Read(Path.Combine(run, RunFiles.Progress));
        string file = Directory.GetFiles(run, "events.out.tfevents.*").Single();
        List<DecodedEvent> events = EventFileReader.Records(File.ReadAllBytes(file)).Select(EventFileReader.Event).Skip(1).ToList();
        Assert.That(events.Select(e => e.Step), Is.EqualTo(rows.Select(r => r.Step)));
        for (int i = 0; i < rows.Count; i++)
        {
            foreach (ProgressColumn column in ProgressColumns.All)
            {
                double expected = column.Value(rows[i]);
                if (double.IsFinite(expected))
                {
                    // progress.csv keeps 7 significant digits; the event keeps a float.
                    Assert.That(events[i].Scalars[column.Tag], Is.EqualTo(expected).Within(Math.Abs(expected) * 1e-6 + 1e-12), $"{column.Tag} at step {rows[i].Step}");
                }
                else
                {
                    Assert.That(events[i].Scalars.ContainsKey(column.Tag), Is.False, $"{column.Tag} at step {rows[i].Step}");
                }
            }
        }
    }

    [Test]
    public void Train_TensorBoardFalse_WritesNoEventFileAndResumeKeepsItOff()
    {
        string run = Path.Combine(_dir, "off");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        CliOutcome stopped = CliRunner.Run(cancellation.Token, "train", "--env", "cartpole", "--envs", "2", "--num-steps", "64", "--steps", "1024", "--tensorboard", "false", "--out", run);
        Assert.That(stopped.ExitCode, Is.EqualTo(130), stopped.Error);
        Assert.That(RunConfig.Read(Path.Combine(run, RunFiles.Config)).TensorBoard, Is.False);

        CliOutcome resumed = CliRunner.Run("train", "--out", run, "--resume");

        Assert.That(resumed.ExitCode, Is.Zero, resumed.Error);
        Assert.That(Directory.GetFiles(run, "events.out.tfevents.*"), Is.Empty);
    }

    [Test]
    public void Train_BadTensorBoardValue_ExitsTwoNamingTheValue()
    {
        CliOutcome outcome = CliRunner.Run("train", "--env", "cartpole", "--tensorboard", "maybe", "--out", Path.Combine(_dir, "bad"));

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.Contain("'maybe'"), "like every true|false flag, a value that is not a bool is left over as an argument");
        Assert.That(Directory.Exists(Path.Combine(_dir, "bad")), Is.False);
    }
}
