using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Registry;
using RagAgent.Tests.Envs.Testing;

namespace RagAgent.Tests.Envs.Abstractions;

/// <summary>The snapshot contract on every built-in env.</summary>
public sealed class EnvSnapshotTests
{
    private static readonly EnvRegistry Registry = EnvRegistry.CreateDefault();

    private static IEnumerable<string> BuiltInIds => EnvRegistry.CreateDefault().Ids;

    [TestCaseSource(nameof(BuiltInIds))]
    public void RestoreState_FreshEnvSameActions_ContinuesBitIdentically(string id)
    {
        IEnv env = Registry.Make(id);
        Assert.That(EnvSnapshot.Supports(env), Is.True);
        SnapshotAssert.ContinuesIdentically(() => Registry.Make(id));
    }

    [TestCaseSource(nameof(BuiltInIds))]
    public void RestoreState_TruncatedOrTrailingOrGarbage_ThrowsInvalidDataNamingTheEnv(string id)
    {
        IEnv env = Registry.Make(id);
        env.Reset(1);
        byte[] state = EnvSnapshot.Save(env);

        Assert.That(() => EnvSnapshot.Restore(Registry.Make(id), state[..^3]), Throws.TypeOf<InvalidDataException>().With.Message.Contains($"'{id}'").And.Message.Contains("truncated"));
        Assert.That(() => EnvSnapshot.Restore(Registry.Make(id), state[..4]), Throws.TypeOf<InvalidDataException>().With.Message.Contains($"'{id}'"));
        Assert.That(() => EnvSnapshot.Restore(Registry.Make(id), [.. state, 0]), Throws.TypeOf<InvalidDataException>().With.Message.Contains($"'{id}'").And.Message.Contains("left over"));
        Assert.That(() => EnvSnapshot.Restore(Registry.Make(id), [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]), Throws.TypeOf<InvalidDataException>().With.Message.Contains($"'{id}'"));
    }

    [TestCaseSource(nameof(BuiltInIds))]
    public void RestoreState_SnapshotOfAnotherEnv_ThrowsNamingBoth(string id)
    {
        string other = id == "cartpole" ? "graph-nav" : "cartpole";
        IEnv source = Registry.Make(other);
        source.Reset(1);

        Assert.That(
            () => EnvSnapshot.Restore(Registry.Make(id), EnvSnapshot.Save(source)),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains($"'{id}'").And.Message.Contains($"'{other}'"));
    }

    [Test]
    public void RestoreState_OtherOptions_ThrowsNamingTheField()
    {
        IEnv small = Registry.Make("graph-nav", new EnvMakeOptions { MaxNodes = 16 });
        small.Reset(1);

        Assert.That(
            () => EnvSnapshot.Restore(Registry.Make("graph-nav", new EnvMakeOptions { MaxNodes = 24 }), EnvSnapshot.Save(small)),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("'graph-nav'").And.Message.Contains("entries"));
    }

    [Test]
    public void Save_EnvWithoutTheCapability_ThrowsNotSupportedNamingIt()
    {
        var env = new NoSnapshotWrapper(Registry.Make("cartpole"));
        Assert.That(EnvSnapshot.Supports(env), Is.False);
        Assert.That(() => EnvSnapshot.Save(env), Throws.TypeOf<NotSupportedException>().With.Message.Contains("cartpole"));
    }
}
