using System.CommandLine;
using RagAgent.Core.Policies;
using RagAgent.Samples.Cli;

namespace RagAgent.Tests.Samples.Cli;

public sealed class RecordOptionSetTests
{
    public enum Schedule
    {
        Constant,
        LinearDecay,
    }

    public sealed record ExampleOptions
    {
        public float LearningRate { get; init; } = 3e-4f;

        public int NumEnvs { get; init; } = 8;

        public float? TargetKl { get; init; }

        public bool NormalizeAdvantages { get; init; } = true;

        public Schedule LearningRateSchedule { get; init; } = Schedule.LinearDecay;

        public int Derived => NumEnvs * 2;
    }

    private static (RecordOptionSet<ExampleOptions> Set, RootCommand Root) Build()
    {
        var set = new RecordOptionSet<ExampleOptions>(new Dictionary<string, string> { ["NumEnvs"] = "--envs" });
        var root = new RootCommand();
        foreach (Option option in set.Options)
        {
            root.Options.Add(option);
        }

        return (set, root);
    }

    [Test]
    public void Options_OnePerInitProperty_KebabCasedWithRenames()
    {
        (RecordOptionSet<ExampleOptions> set, _) = Build();

        Assert.That(set.Options.Select(o => o.Name), Is.EqualTo(new[] { "--learning-rate", "--envs", "--target-kl", "--normalize-advantages", "--learning-rate-schedule" }));
    }

    [Test]
    public void Bind_OnlyGivenOptions_OverrideTheBaseline()
    {
        (RecordOptionSet<ExampleOptions> set, RootCommand root) = Build();
        var preset = new ExampleOptions { LearningRate = 1e-3f, NumEnvs = 16 };

        ExampleOptions bound = set.Bind(root.Parse("--envs 4 --target-kl 0.02 --learning-rate-schedule constant --normalize-advantages false"), preset);

        Assert.That(bound.LearningRate, Is.EqualTo(1e-3f), "not given: the preset's value stays");
        Assert.That(bound.NumEnvs, Is.EqualTo(4));
        Assert.That(bound.TargetKl, Is.EqualTo(0.02f));
        Assert.That(bound.LearningRateSchedule, Is.EqualTo(Schedule.Constant));
        Assert.That(bound.NormalizeAdvantages, Is.False);
    }

    [Test]
    public void Parse_BadEnumValue_IsAParseErrorNamingTheOption()
    {
        (_, RootCommand root) = Build();

        ParseResult parse = root.Parse("--learning-rate-schedule cosine");

        Assert.That(parse.Errors.Select(ParseErrorText.Describe), Has.Some.StartsWith("--learning-rate-schedule: "));
    }

    [Test]
    public void Bind_PolicyOptionEnums_KeepTheSpellingsOf010()
    {
        var set = new RecordOptionSet<PolicyOptions>();
        var root = new RootCommand();
        foreach (Option option in set.Options)
        {
            root.Options.Add(option);
        }

        PolicyOptions bound = set.Bind(
            root.Parse("--architecture task-node --activation relu --task-id-embedding never --node-id-embedding always --embedding-size 16"), new PolicyOptions());

        Assert.That((bound.Architecture, bound.Activation, bound.TaskIdEmbedding, bound.NodeIdEmbedding, bound.EmbeddingSize),
            Is.EqualTo((PolicyArchitecture.TaskNode, Activation.ReLU, IdEmbedding.Never, IdEmbedding.Always, (int?)16)));
        Assert.That(root.Parse("--activation re-lu").Errors, Is.Not.Empty);
    }

    [TestCase("LearningRate", "learning-rate")]
    [TestCase("MaxGradNorm", "max-grad-norm")]
    [TestCase("TargetKl", "target-kl")]
    [TestCase("GaeLambda", "gae-lambda")]
    public void KebabCase_PascalNames_GivesOptionNames(string name, string expected)
    {
        Assert.That(RecordOptionSet<ExampleOptions>.KebabCase(name), Is.EqualTo(expected));
    }
}
