using RagAgent.Envs.Abstractions;
using RagAgent.Envs.CartPole;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Retrieval;
using RagAgent.Envs.SmartHome;

namespace RagAgent.Tests.Envs.Registry;

/// <summary>Env-specific arguments: declared by the registration, read with typed getters, unknown keys rejected.</summary>
public sealed class EnvMakeArgsTests
{
    private static readonly EnvArgument Shelves = new("shelves", "number of shelves (integer, default 4)");

    private static EnvRegistry ShelfRegistry(Action<int>? seen = null)
    {
        var registry = new EnvRegistry();
        registry.Register(
            "shelf-env",
            "a warehouse with shelves",
            options =>
            {
                int shelves = options.GetInt(Shelves.Name, 4);
                seen?.Invoke(shelves);
                return new CartPoleEnv();
            },
            [Shelves]);
        return registry;
    }

    private static EnvMakeOptions WithArgs(params (string Key, string Value)[] args) =>
        new() { Args = args.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal) };

    [Test]
    public void Make_DeclaredArgument_ReachesTheFactoryTyped()
    {
        int shelves = 0;
        EnvRegistry registry = ShelfRegistry(s => shelves = s);

        registry.Make("shelf-env", WithArgs(("shelves", "6")));
        Assert.That(shelves, Is.EqualTo(6));
        registry.Make("shelf-env");
        Assert.That(shelves, Is.EqualTo(4), "the default when absent");
        Assert.That(registry.Arguments("shelf-env"), Is.EqualTo(new[] { Shelves }));
    }

    [Test]
    public void Make_MisspeltKey_ThrowsNamingItAndListingTheEnvsArguments()
    {
        EnvRegistry registry = ShelfRegistry();

        var e = Assert.Throws<ArgumentException>(() => registry.Make("shelf-env", WithArgs(("shelvs", "6"), ("aisles", "2"))));
        Assert.That(e!.Message, Does.Contain("Env 'shelf-env' has no argument 'aisles', 'shelvs'; it takes: shelves."));
    }

    [Test]
    public void Make_EnvWithoutArguments_RejectsAnyKey()
    {
        var e = Assert.Throws<ArgumentException>(() => EnvRegistry.CreateDefault().Make(CartPoleEnv.EnvId, WithArgs(("gravity", "3"))));
        Assert.That(e!.Message, Does.Contain("Env 'cartpole' has no argument 'gravity'; it takes no arguments."));
    }

    [Test]
    public void GetInt_ValueNotAnInteger_ThrowsNamingKeyValueAndEnv()
    {
        EnvRegistry registry = ShelfRegistry();

        var e = Assert.Throws<EnvArgumentException>(() => registry.Make("shelf-env", WithArgs(("shelves", "six"))));
        Assert.That(e!.Message, Does.Contain("Env 'shelf-env': argument 'shelves' is 'six'; expected an integer."));
    }

    [TestCase("NaN")]
    [TestCase("1e40")]
    [TestCase("abc")]
    public void GetFloat_NotAFiniteNumber_Throws(string text)
    {
        EnvMakeOptions options = WithArgs(("rate", text));
        Assert.That(() => options.GetFloat("rate", 1f), Throws.TypeOf<EnvArgumentException>().With.Message.Contains("expected a finite number"));
    }

    [Test]
    public void Getters_ParseInvariantCultureAndFlags()
    {
        EnvMakeOptions options = WithArgs(("rate", "0.25"), ("fast", "true"), ("name", "north"));
        Assert.That(options.GetFloat("rate", 1f), Is.EqualTo(0.25f));
        Assert.That(options.GetBool("fast", false), Is.True);
        Assert.That(options.GetString("name", "south"), Is.EqualTo("north"));
        Assert.That(options.GetBool("missing", false), Is.False);
        Assert.That(() => WithArgs(("fast", "yes")).GetBool("fast", false), Throws.TypeOf<EnvArgumentException>().With.Message.Contains("expected true or false"));
    }

    [Test]
    public void Validate_KeyWithEquals_Throws() =>
        Assert.That(() => WithArgs(("a=b", "1")).Validate(), Throws.ArgumentException.With.Message.Contains("'a=b'"));

    [Test]
    public void Register_SameArgumentTwice_Throws() =>
        Assert.That(
            () => new EnvRegistry().Register("x", "x", _ => new CartPoleEnv(), [Shelves, Shelves]),
            Throws.ArgumentException.With.Message.Contains("'shelves' twice"));

    [Test]
    public void Make_SmartHomePowerBudget_SetsTheBudgetAndTheLoadBound()
    {
        EnvSpec spec = EnvRegistry.CreateDefault().GetSpec(SmartHomeEnv.Id, WithArgs(("power-budget", "4")));
        Assert.That(spec.GlobalBounds, Is.EqualTo(new FeatureBounds(0f, 4f)), "load / budget reaches 2 x 8 devices / 4");
    }

    [Test]
    public void Make_RetrievalBudget_EndsEpisodesAfterThatManyRetrievals()
    {
        var env = (RetrievalEnv)EnvRegistry.CreateDefault().Make(RetrievalEnv.Id, WithArgs(("budget", "2")));
        Observation o = env.Reset(seed: 1).Observation;
        StepResult first = env.Step(Array.IndexOf(o.ActionMask, true));
        StepResult second = env.Step(Array.IndexOf(first.Observation.ActionMask, true));

        Assert.That(first.Done, Is.False);
        Assert.That(second.Terminated, Is.True);
    }
}
