using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Policies;

/// <summary>
/// Learning test (2–5 s on the shared 2-core machine): supervised "point at the node at the goal's coordinates". Training uses task ids
/// 0–7; evaluation uses ids 8–9, whose embedding rows were never trained, and fresh coordinates. The policy can only
/// succeed by comparing goal features with node features, which is what held-out goals need.
/// </summary>
public sealed class TaskNodeGeneralisationTests
{
    private static readonly EnvSpec Spec = new()
    {
        Id = "point-at-goal", NumTasks = 10, GoalFeatureSize = 2, MaxNodes = 6, NodeFeatureSize = 2, ActionsPerNode = 1,
    };

    [Test]
    public void Train_SeenTaskIds_PointsAtHeldOutGoals()
    {
        const int batchSize = 64;
        var random = new EnvRandom(61);
        IActorCritic policy = PolicyFactory.Create(Spec, new PolicyOptions(), seed: 62);
        IPolicyOptimizer optimizer = policy.CreateOptimizer(new OptimizerOptions());
        var batch = new ObservationBatch(Spec, batchSize);
        var targets = new int[batchSize];
        var logits = new float[batchSize * Spec.NumActions];
        var values = new float[batchSize];
        var dLogits = new float[logits.Length];
        var dValues = new float[batchSize];

        for (int step = 0; step < 400; step++)
        {
            Sample(batch, targets, random, firstTask: 0, taskCount: 8);
            optimizer.ZeroGrad();
            policy.Forward(batch, batchSize, logits, values);
            CrossEntropyGradient(logits, targets, dLogits, batchSize);
            policy.Backward(dLogits, dValues);
            optimizer.ClipGradNorm(1f);
            optimizer.Step(3e-3f);
        }

        int correct = 0;
        for (int round = 0; round < 4; round++)
        {
            Sample(batch, targets, random, firstTask: 8, taskCount: 2);
            policy.Forward(batch, batchSize, logits, values);
            for (int r = 0; r < batchSize; r++)
            {
                ReadOnlySpan<float> row = logits.AsSpan(r * Spec.NumActions, Spec.NumActions);
                correct += row.IndexOf(row.ToArray().Max()) == targets[r] ? 1 : 0;
            }
        }

        // Chance is below 1/4 (4–6 real nodes per row).
        Assert.That(correct / (4.0 * batchSize), Is.GreaterThan(0.9));
    }

    private static void Sample(ObservationBatch batch, int[] targets, EnvRandom random, int firstTask, int taskCount)
    {
        int n = Spec.MaxNodes;
        for (int r = 0; r < batch.Capacity; r++)
        {
            int real = random.NextInt(4, n + 1);
            for (int i = 0; i < n; i++)
            {
                batch.NodeMask[(r * n) + i] = i < real;
                batch.ActionMasks[(r * n) + i] = i < real;
                batch.NodeFeatures[(((r * n) + i) * 2) + 0] = random.NextFloat(-1f, 1f);
                batch.NodeFeatures[(((r * n) + i) * 2) + 1] = random.NextFloat(-1f, 1f);
            }

            int target = random.NextInt(real);
            targets[r] = target;
            batch.TaskIds[r] = firstTask + random.NextInt(taskCount);
            batch.GoalFeatures[(r * 2) + 0] = batch.NodeFeatures[(((r * n) + target) * 2) + 0];
            batch.GoalFeatures[(r * 2) + 1] = batch.NodeFeatures[(((r * n) + target) * 2) + 1];
        }
    }

    /// <summary>∂(mean cross-entropy)/∂logits = (softmax − onehot) / batch, over allowed actions.</summary>
    private static void CrossEntropyGradient(float[] logits, int[] targets, float[] gradients, int batchSize)
    {
        int a = Spec.NumActions;
        for (int r = 0; r < batchSize; r++)
        {
            Span<float> row = logits.AsSpan(r * a, a);
            Span<float> grad = gradients.AsSpan(r * a, a);
            float max = row.ToArray().Max();
            double sum = 0;
            for (int i = 0; i < a; i++)
            {
                sum += Math.Exp(row[i] - max);
            }

            for (int i = 0; i < a; i++)
            {
                grad[i] = (float)((Math.Exp(row[i] - max) / sum) - (i == targets[r] ? 1 : 0)) / batchSize;
            }
        }
    }
}
