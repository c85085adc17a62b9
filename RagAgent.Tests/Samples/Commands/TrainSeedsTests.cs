using RagAgent.Samples.Cli;
using RagAgent.Samples.Runs;

namespace RagAgent.Tests.Samples.Commands;

/// <summary><c>train --seeds</c>: one deterministic run per seed, in parallel.</summary>
public sealed class TrainSeedsTests
{
    private static readonly string[] Small = ["--env", "cartpole", "--envs", "2", "--num-steps", "64", "--steps", "1024"];
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ragagent-seeds-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Train_SeedsInParallel_EachEqualsTheSingleRunOfItsSeed()
    {
        string parent = Path.Combine(_dir, "seeds");

        CliOutcome outcome = CliRunner.Run(["train", .. Small, "--seeds", "2-4", "--out", parent]);

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        Assert.That(File.Exists(Path.Combine(parent, RunFiles.RewardCurve)), Is.True);
        foreach (int seed in new[] { 2, 3, 4 })
        {
            string single = Path.Combine(_dir, $"single-{seed}");
            Assert.That(CliRunner.Run(["train", .. Small, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", single]).ExitCode, Is.Zero);
            Assert.That(RunConfig.Read(Path.Combine(parent, $"seed-{seed}", RunFiles.Config)).Seed, Is.EqualTo(seed));
            Assert.That(WithoutTiming(Path.Combine(parent, $"seed-{seed}", RunFiles.Progress)), Is.EqualTo(WithoutTiming(Path.Combine(single, RunFiles.Progress))), $"seed {seed}");
        }

        Assert.That(outcome.Output, Does.Contain("seed 3: done: 1024 steps"));
    }

    [Test]
    public void Train_SeedsStoppedThenResumedFromTheParent_EachEqualsTheUninterruptedRun()
    {
        string parent = Path.Combine(_dir, "stopped");
        string reference = Path.Combine(_dir, "reference");
        Assert.That(CliRunner.Run(["train", .. Small, "--seeds", "1-2", "--out", reference]).ExitCode, Is.Zero);
        using var cancellation = new CancellationTokenSource();
        using var output = new CancelOnLineWriter("step 256/", cancellation);

        int stopped = CommandLineApp.Run(["train", .. Small, "--seeds", "1-2", "--out", parent], new CliContext(output, TextWriter.Null, Interactive: false, cancellation.Token));
        CliOutcome resumed = CliRunner.Run("train", "--out", parent, "--resume");

        Assert.That(stopped, Is.EqualTo(ExitCodes.Interrupted));
        Assert.That(resumed.ExitCode, Is.Zero, resumed.Error);
        foreach (string seed in new[] { "seed-1", "seed-2" })
        {
            Assert.That(WithoutTiming(Path.Combine(parent, seed, RunFiles.Progress)), Is.EqualTo(WithoutTiming(Path.Combine(reference, seed, RunFiles.Progress))), seed);
        }

        CliOutcome again = CliRunner.Run("train", "--out", parent, "--resume");
        Assert.That(again.ExitCode, Is.EqualTo(ExitCodes.Usage), "every seed finished");
    }

    [TestCase("1-5", new[] { 1, 2, 3, 4, 5 })]
    [TestCase("1,4,9", new[] { 1, 4, 9 })]
    [TestCase("1-3,10", new[] { 1, 2, 3, 10 })]
    [TestCase("-2-1", new[] { -2, -1, 0, 1 })]
    public void Parse_RangesAndLists_ListsTheSeeds(string text, int[] expected) =>
        Assert.That(SeedList.Parse(text), Is.EqualTo(expected));

    [TestCase("5-1")]
    [TestCase("1,1")]
    [TestCase("a-3")]
    [TestCase("1-100000")]
    public void Train_BadSeedList_ExitsTwoNamingSeeds(string text)
    {
        CliOutcome outcome = CliRunner.Run(["train", .. Small, "--seeds", text, "--out", Path.Combine(_dir, "bad")]);

        Assert.That(outcome.ExitCode, Is.EqualTo(2));
        Assert.That(outcome.Error, Does.StartWith("ragagent: --seeds: "));
    }

    [Test]
    public void Train_SeedAndSeeds_ExitsTwo() =>
        Assert.That(CliRunner.Run(["train", .. Small, "--seed", "1", "--seeds", "1-2", "--out", Path.Combine(_dir, "both")]).ExitCode, Is.EqualTo(2));


    private static string[] WithoutTiming(string progressPath) =>
        File.ReadAllLines(progressPath).Select(line => string.Join(',', line.Split(',').Where((_, i) => i is not (10 or 11)))).ToArray();
}
