using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using Initializers = RagAgent.Core.Nn.Initializers;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RagAgent.TorchSharp;

/// <summary>
/// A policy whose feature extractor is your own TorchSharp module: <c>body</c> maps the flat observation vector
/// (the <c>mlp</c> architecture's input layout, <see cref="MlpPolicy"/>) to features, and two linear heads read them:
/// <c>actor_head</c> → logits (masked as in every policy: forbidden actions get
/// <see cref="RagAgent.Core.Distributions.ActionMasking.MaskedLogit"/> and no gradient) and <c>critic_head</c> → value.
/// PPO, evaluation and checkpoints work on it through <see cref="IActorCritic"/> like on the built-in networks.
/// </summary>
/// <remarks>
/// <para>Parameters: the body's as <c>body.{its names}</c>, then <c>actor_head.weight [NumActions, F]</c>,
/// <c>actor_head.bias</c>, <c>critic_head.weight [1, F]</c>, <c>critic_head.bias</c>. The heads start orthogonal
/// with gain 0.01 (actor) and 1 (critic) and zero biases, drawn as the managed engine draws them from the seed; the body
/// keeps the initialisation its factory gives it (seed torch yourself for a reproducible body).</para>
/// <para>Checkpoints hold these names, so they load only into a <see cref="TorchBodyPolicy"/> with the same body
/// (<see cref="IActorCritic.ImportWeights"/>), not into the managed engine or the built-in architectures (whose
/// factories refuse them naming the first missing tensor).</para>
/// </remarks>
public sealed class TorchBodyPolicy : TorchActorCritic
{
    private readonly MlpPolicy _layout;
    private readonly Func<int, nn.Module<Tensor, Tensor>> _createBody;
    private readonly int _features;

    /// <summary>Builds the body with <paramref name="createBody"/> and the heads on <paramref name="device"/>.</summary>
    /// <param name="spec">Observation and action spec.</param>
    /// <param name="options">Options of the input layout (the <c>mlp</c> architecture's: task ids one-hot or not);
    /// <see cref="PolicyOptions.HiddenSizes"/> and <see cref="PolicyOptions.Activation"/> are not used by this policy.</param>
    /// <param name="createBody">Given the input width, returns a new body mapping <c>[B, input]</c> to <c>[B, <paramref name="features"/>]</c>;
    /// called again (and its weights overwritten) by <see cref="IActorCritic.CloneForInference"/>.</param>
    /// <param name="features">The body's output width F.</param>
    /// <param name="seed">Seed of the heads' initialisation.</param>
    /// <param name="device"><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</param>
    /// <exception cref="ArgumentException">Invalid spec, options, device or <paramref name="features"/> (names it).</exception>
    public TorchBodyPolicy(EnvSpec spec, PolicyOptions options, Func<int, nn.Module<Tensor, Tensor>> createBody, int features, int seed, string device = "cpu")
        : this(new MlpPolicy(spec, options, seed), createBody ?? throw new ArgumentNullException(nameof(createBody)), Positive(features), TorchDevices.Parse(device), seed)
    {
    }

    private TorchBodyPolicy(MlpPolicy layout, Func<int, nn.Module<Tensor, Tensor>> createBody, int features, Device device, int? seed)
        : base(layout.Spec, layout.Options, device, new BodyAndHeads(createBody(layout.InputSize), features, layout.Spec.NumActions))
    {
        _layout = layout;
        _createBody = createBody;
        _features = features;
        if (seed is int s)
        {
            ((BodyAndHeads)Network).InitializeHeads(s);
        }
    }

    /// <summary>Width of the flat input vector the body receives.</summary>
    public int InputSize => _layout.InputSize;

    private protected override (Tensor Logits, Tensor Values) ForwardCore(ObservationBatch batch, int count)
    {
        var input = new float[count * InputSize];
        _layout.WriteInput(batch, count, input);
        Tensor features = ((BodyAndHeads)Network).Body.forward(tensor(input, [count, InputSize], device: Device));
        if (features.ndim != 2 || features.shape[0] != count || features.shape[1] != _features)
        {
            throw new InvalidOperationException(
                $"The body returned shape [{string.Join(", ", features.shape)}]; expected [{count}, {_features}] (rows, the features given to TorchBodyPolicy).");
        }

        return ((BodyAndHeads)Network).Heads(features);
    }

    private protected override TorchActorCritic CreateUninitialized() => new TorchBodyPolicy(_layout, _createBody, _features, Device, seed: null);

    private static int Positive(int features) =>
        features >= 1 ? features : throw new ArgumentOutOfRangeException(nameof(features), features, "features (the body's output width) must be >= 1.");

    /// <summary>The user's body and the two heads, registered as <c>body</c>, <c>actor_head</c>, <c>critic_head</c>.</summary>
    private sealed class BodyAndHeads : nn.Module
    {
        private readonly Linear _actorHead;
        private readonly Linear _criticHead;

        public BodyAndHeads(nn.Module<Tensor, Tensor> body, int features, int actions)
            : base("body_and_heads")
        {
            Body = body;
            _actorHead = nn.Linear(features, actions);
            _criticHead = nn.Linear(features, 1);
            register_module("body", Body);
            register_module("actor_head", _actorHead);
            register_module("critic_head", _criticHead);
        }

        public nn.Module<Tensor, Tensor> Body { get; }

        public (Tensor Logits, Tensor Values) Heads(Tensor features) => (_actorHead.forward(features), _criticHead.forward(features).squeeze(1));

        /// <summary>The managed engine's orthogonal initialisation (same seed, same heads on every device).</summary>
        public void InitializeHeads(int seed)
        {
            var random = new EnvRandom(seed);
            using IDisposable noGrad = no_grad();
            Orthogonal(_actorHead, 0.01f, random);
            Orthogonal(_criticHead, 1f, random);
        }

        private static void Orthogonal(Linear layer, float gain, EnvRandom random)
        {
            Tensor weight = layer.weight!;
            int rows = (int)weight.shape[0], cols = (int)weight.shape[1];
            float[] values = new float[rows * cols];
            Initializers.Orthogonal(values, rows, cols, gain, random);
            using Tensor host = tensor(values, [rows, cols]);
            weight.copy_(host);
            layer.bias!.zero_();
        }
    }
}
