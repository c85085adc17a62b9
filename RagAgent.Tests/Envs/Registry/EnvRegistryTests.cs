using RagAgent.Envs.Abstractions;
using RagAgent.Envs.CartPole;
using RagAgent.Envs.Registry;

namespace RagAgent.Tests.Envs.Registry;

public sealed class EnvRegistryTests
{
    [Test]
    public void CreateDefault_ContainsCartPole()
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();

        Assert.Multiple(() =>
        {
            Assert.That(registry.Ids, Does.Contain("cartpole"));
            Assert.That(registry.Make("cartpole"), Is.TypeOf<CartPoleEnv>());
            Assert.That(registry.Describe("cartpole"), Does.Contain("CartPole-v1"));
        });
    }

    [Test]
    public void CreateDefault_EveryEnvMakesWithDefaultOptionsAndAValidSpec()
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        foreach (string id in registry.Ids)
        {
            IEnv env = registry.Make(id);
            Assert.That(env.Spec.Id, Is.EqualTo(id));
            Assert.That(env.Spec.Validate, Throws.Nothing);
        }
    }

    [Test]
    public void Register_DuplicateId_ThrowsNamingTheId()
    {
        var registry = new EnvRegistry();
        registry.Register("mine", "first", _ => new CartPoleEnv());

        Assert.That(
            () => registry.Register("mine", "second", _ => new CartPoleEnv()),
            Throws.ArgumentException.With.Message.Contains("'mine'").And.Message.Contains("already registered"));
    }

    [Test]
    public void Make_UnknownId_ThrowsListingKnownIds()
    {
        var registry = new EnvRegistry();
        registry.Register("alpha", "a", _ => new CartPoleEnv());
        registry.Register("beta", "b", _ => new CartPoleEnv());

        Assert.That(
            () => registry.Make("gamma"),
            Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("'gamma'").And.Message.Contains("alpha, beta"));
    }

    [Test]
    public void Ids_AreInRegistrationOrder()
    {
        var registry = new EnvRegistry();
        registry.Register("zeta", "z", _ => new CartPoleEnv());
        registry.Register("alpha", "a", _ => new CartPoleEnv());

        Assert.That(registry.Ids, Is.EqualTo(new[] { "zeta", "alpha" }));
    }

    [Test]
    public void Make_PassesOptionsToTheFactory()
    {
        EnvMakeOptions? received = null;
        var registry = new EnvRegistry();
        registry.Register("probe", "p", options =>
        {
            received = options;
            return new CartPoleEnv();
        });
        var options = new EnvMakeOptions { MaxNodes = 7, Goals = GoalSplit.HeldOut, WorldSeed = 5 };

        registry.Make("probe", options);

        Assert.That(received, Is.EqualTo(options));
    }

    [Test]
    public void Make_InvalidOptions_ThrowsNamingTheField()
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();

        Assert.Multiple(() =>
        {
            Assert.That(() => registry.Make("cartpole", new EnvMakeOptions { MaxNodes = 0 }),
                Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("MaxNodes"));
            Assert.That(() => registry.Make("cartpole", new EnvMakeOptions { MaxEpisodeSteps = -3 }),
                Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("MaxEpisodeSteps"));
            Assert.That(() => registry.Make("cartpole", new EnvMakeOptions { Goals = (GoalSplit)9 }),
                Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("Goals"));
        });
    }

    [Test]
    public void GetSpec_CartPoleWithStepLimit_ReportsTheLimit()
    {
        EnvSpec spec = EnvRegistry.CreateDefault().GetSpec("cartpole", new EnvMakeOptions { MaxEpisodeSteps = 200 });

        Assert.Multiple(() =>
        {
            Assert.That(spec.MaxEpisodeSteps, Is.EqualTo(200));
            Assert.That(spec.NumActions, Is.EqualTo(2));
        });
    }
}
