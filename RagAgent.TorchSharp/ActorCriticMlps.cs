using RagAgent.Core.Policies;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RagAgent.TorchSharp;

/// <summary>
/// Two <c>nn.Sequential</c> MLPs over one input: <c>actor</c> (→ [B, NumActions] logits) and <c>critic</c>
/// (→ [B] values); linear layers at the even indices, activations at the odd ones (the managed engine's names).
/// </summary>
internal sealed class ActorCriticMlps : nn.Module<Tensor, (Tensor Logits, Tensor Values)>
{
    private readonly Sequential _actor;
    private readonly Sequential _critic;

    public ActorCriticMlps(int inputSize, IReadOnlyList<int> hiddenSizes, int numActions, Activation activation)
        : base("mlp")
    {
        _actor = Build(inputSize, hiddenSizes, numActions, activation);
        _critic = Build(inputSize, hiddenSizes, 1, activation);
        register_module("actor", _actor);
        register_module("critic", _critic);
    }

    /// <summary>[B, inputSize] → logits [B, NumActions], values [B].</summary>
    public override (Tensor Logits, Tensor Values) forward(Tensor input) =>
        (_actor.forward(input), _critic.forward(input).squeeze(1));

    /// <summary><c>Linear → act → … → Linear → act [→ Linear]</c> named 0, 1, 2, …; <paramref name="outputSize"/> 0 ends at the last activation.</summary>
    internal static Sequential Build(int inputSize, IReadOnlyList<int> hiddenSizes, int outputSize, Activation activation)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int width = inputSize;
        foreach (int hidden in hiddenSizes)
        {
            layers.Add((layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), nn.Linear(width, hidden)));
            layers.Add((layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Create(activation)));
            width = hidden;
        }

        if (outputSize > 0)
        {
            layers.Add((layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), nn.Linear(width, outputSize)));
        }

        return nn.Sequential(layers);
    }

    private static nn.Module<Tensor, Tensor> Create(Activation activation) => activation switch
    {
        Activation.Tanh => nn.Tanh(),
        Activation.ReLU => nn.ReLU(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Activation must be Tanh or ReLU."),
    };
}
