using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Envs.Testing;

/// <summary>
/// An env for wrapper tests: 3 node slots with 2 features each, the last slot padding (mask false, features 1000);
/// real node features are <c>(3 + 2·z, −1 + 0.5·z)</c> and the one global is <c>10 + 4·z</c> with z standard normal.
/// One action; episodes never end.
/// </summary>
internal sealed class RandomNodesEnv : IEnv
{
    private readonly Observation _observation;
    private readonly EnvRandom _random = new(0);

    public RandomNodesEnv()
    {
        Spec = new EnvSpec { Id = "random-nodes", MaxNodes = 3, NodeFeatureSize = 2, GlobalFeatureSize = 1, ExtraActions = 1 };
        _observation = new Observation(Spec);
        _observation.NodeMask[2] = false;
    }

    public EnvSpec Spec { get; }

    /// <summary>The env's own observation buffer (the raw values of the last reset or step).</summary>
    public Observation Current => _observation;

    public ResetResult Reset(int? seed = null)
    {
        if (seed is int s)
        {
            _random.Reseed(s);
        }

        Write();
        return new ResetResult(_observation, default);
    }

    public StepResult Step(int action)
    {
        InvalidActionException.ThrowIfNotAllowed(Spec, action, _observation.ActionMask);
        Write();
        return new StepResult(_observation, 1f, false, false, default);
    }

    private void Write()
    {
        float[] features = _observation.NodeFeatures;
        for (int node = 0; node < 2; node++)
        {
            features[node * 2] = 3f + (2f * (float)_random.NextGaussian());
            features[(node * 2) + 1] = -1f + (0.5f * (float)_random.NextGaussian());
        }

        features[4] = 1000f;
        features[5] = 1000f;
        _observation.Globals[0] = 10f + (4f * (float)_random.NextGaussian());
    }
}
