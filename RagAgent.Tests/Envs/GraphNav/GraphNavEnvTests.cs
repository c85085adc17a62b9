using RagAgent.Envs.Abstractions;
using RagAgent.Envs.GraphNav;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Envs.GraphNav;

public sealed class GraphNavEnvTests
{
    private static int NextOnShortestPath(GraphNavEnv env)
    {
        int[] hops = env.Graph.HopDistances(env.GoalNode);
        foreach (int neighbour in env.Graph.Neighbours(env.CurrentNode))
        {
            if (hops[neighbour] == hops[env.CurrentNode] - 1)
            {
                return neighbour;
            }
        }

        throw new AssertionException("No neighbour is closer to the goal.");
    }

    [TestCase(0L)]
    [TestCase(1L)]
    [TestCase(42L)]
    public void Generate_AnySeed_GraphIsConnected(long seed)
    {
        var graph = RandomGeometricGraph.Generate(40, 0.1f, new EnvRandom(seed));
        Assert.That(graph.HopDistances(0), Has.All.GreaterThanOrEqualTo(0));
        Assert.That(graph.NumEdges, Is.GreaterThanOrEqualTo(39));
    }

    [Test]
    public void Constructor_SameWorldSeed_SameGraph_OtherSeed_OtherGraph()
    {
        var a = new GraphNavEnv(new GraphNavOptions { WorldSeed = 3 });
        var b = new GraphNavEnv(new GraphNavOptions { WorldSeed = 3 });
        var c = new GraphNavEnv(new GraphNavOptions { WorldSeed = 4 });
        Assert.That(a.Graph.X(5), Is.EqualTo(b.Graph.X(5)));
        Assert.That(a.Graph.NumEdges, Is.EqualTo(b.Graph.NumEdges));
        Assert.That(a.Graph.X(5), Is.Not.EqualTo(c.Graph.X(5)));
    }

    [Test]
    public void Reset_SameSeed_SameEpisodeAndObservation()
    {
        var env = new GraphNavEnv();
        Observation first = env.Reset(7).Observation.Clone();
        int firstStart = env.CurrentNode;
        env.Reset(8);
        Observation second = env.Reset(7).Observation;
        Assert.That(env.CurrentNode, Is.EqualTo(firstStart));
        Assert.That(second.TaskId, Is.EqualTo(first.TaskId));
        Assert.That(second.NodeFeatures, Is.EqualTo(first.NodeFeatures));
        Assert.That(second.ActionMask, Is.EqualTo(first.ActionMask));
    }

    [Test]
    public void Observation_AfterSteps_MaskAndFeaturesDescribeState()
    {
        var env = new GraphNavEnv();
        Observation o = env.Reset(1).Observation;
        var random = new EnvRandom(2);
        for (int t = 0; t < 20; t++)
        {
            int n = env.Spec.MaxNodes;
            for (int i = 0; i < n; i++)
            {
                bool neighbour = env.Graph.AreNeighbours(env.CurrentNode, i);
                Assert.That(o.ActionMask[i], Is.EqualTo(neighbour), $"mask of node {i}");
                Assert.That(o.NodeFeatures[(i * GraphNavEnv.NodeFeatureCount) + GraphNavEnv.FeatureIsNeighbour], Is.EqualTo(neighbour ? 1f : 0f));
                Assert.That(o.NodeFeatures[(i * GraphNavEnv.NodeFeatureCount) + GraphNavEnv.FeatureIsCurrent], Is.EqualTo(i == env.CurrentNode ? 1f : 0f));
                Assert.That(o.NodeFeatures[(i * GraphNavEnv.NodeFeatureCount) + GraphNavEnv.FeatureIsGoal], Is.EqualTo(i == env.GoalNode ? 1f : 0f));
            }

            Assert.That(o.TaskId, Is.EqualTo(env.GoalNode));
            Assert.That(o.GoalFeatures, Is.EqualTo(new[] { env.Graph.X(env.GoalNode), env.Graph.Y(env.GoalNode) }));
            Assert.That(o.NodeFeatures[(env.CurrentNode * GraphNavEnv.NodeFeatureCount) + GraphNavEnv.FeatureVisited], Is.EqualTo(1f));
            ReadOnlySpan<int> neighbours = env.Graph.Neighbours(env.CurrentNode);
            int action = neighbours[random.NextInt(neighbours.Length)];
            StepResult step = env.Step(action);
            if (step.Done)
            {
                o = env.Reset().Observation;
            }
        }
    }

    [Test]
    public void Step_NonNeighbour_ThrowsInvalidAction()
    {
        var env = new GraphNavEnv();
        env.Reset(0);
        int forbidden = Enumerable.Range(0, env.Spec.MaxNodes).First(i => !env.Graph.AreNeighbours(env.CurrentNode, i));
        Assert.Throws<InvalidActionException>(() => env.Step(forbidden));
        Assert.Throws<InvalidActionException>(() => env.Step(env.Spec.NumActions));
    }

    [Test]
    public void Step_AlongShortestPath_ReachesGoalWithRewardAndSuccess()
    {
        var env = new GraphNavEnv();
        env.Reset(5);
        int hops = env.Graph.HopDistances(env.GoalNode)[env.CurrentNode];
        float total = 0f;
        StepResult step = default;
        for (int t = 0; t < hops; t++)
        {
            step = env.Step(NextOnShortestPath(env));
            total += step.Reward;
            Assert.That(step.Truncated, Is.False);
        }

        Assert.That(step.Terminated, Is.True);
        Assert.That(step.Info.IsSuccess, Is.True);
        Assert.That(step.Reward, Is.EqualTo(1f));
        Assert.That(total, Is.EqualTo(1f - (0.01f * (hops - 1))).Within(1e-5f));
        Assert.Throws<InvalidOperationException>(() => env.Step(NextAllowed(step.Observation)));
    }

    [Test]
    public void Step_AtStepLimit_TruncatesWithoutSuccess()
    {
        var env = new GraphNavEnv(new GraphNavOptions { MaxEpisodeSteps = 3 });
        Observation o = env.Reset(11).Observation;
        int start = env.CurrentNode;
        int away = NextAllowed(o, except: env.GoalNode);
        StepResult step = env.Step(away);
        step = env.Step(start == env.GoalNode ? NextAllowed(step.Observation, env.GoalNode) : start);
        Assert.That(step.Done, Is.False);
        step = env.Step(NextAllowed(step.Observation, env.GoalNode));
        Assert.That(step.Truncated, Is.True);
        Assert.That(step.Terminated, Is.False);
        Assert.That(step.Info.IsSuccess, Is.False);
        Assert.That(step.Observation.Globals[0], Is.EqualTo(1f));
    }

    [Test]
    public void Reset_GoalSplits_SampleOnlyTheirGoals()
    {
        var train = new GraphNavEnv(new GraphNavOptions { Goals = GoalSplit.Train });
        var heldOut = new GraphNavEnv(new GraphNavOptions { Goals = GoalSplit.HeldOut });
        var all = new GraphNavEnv(new GraphNavOptions { Goals = GoalSplit.All });
        Assert.That(train.Goals.HeldOutGoals.Length, Is.EqualTo(4));
        var seenAll = new HashSet<int>();
        for (int seed = 0; seed < 400; seed++)
        {
            train.Reset(seed);
            heldOut.Reset(seed);
            all.Reset(seed);
            Assert.That(train.Goals.IsHeldOut(train.GoalNode), Is.False);
            Assert.That(heldOut.Goals.IsHeldOut(heldOut.GoalNode), Is.True);
            Assert.That(all.CurrentNode, Is.Not.EqualTo(all.GoalNode));
            seenAll.Add(all.GoalNode);
        }

        Assert.That(seenAll, Has.Count.EqualTo(16));
    }

    [Test]
    public void Step_Warm_AllocatesNothing()
    {
        var env = new GraphNavEnv();
        Observation o = env.Reset(0).Observation;
        var random = new EnvRandom(1);
        void Run(int steps)
        {
            for (int t = 0; t < steps; t++)
            {
                int action = NextAllowed(o, random: random);
                if (env.Step(action).Done)
                {
                    env.Reset();
                }
            }
        }

        Run(100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(1000);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Validate_BadField_IsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new GraphNavEnv(new GraphNavOptions { NumNodes = 1 }));
        Assert.That(e!.ParamName, Is.EqualTo("NumNodes"));
        e = Assert.Throws<ArgumentException>(() => new GraphNavEnv(new GraphNavOptions { HeldOutFraction = 0f, Goals = GoalSplit.HeldOut }));
        Assert.That(e!.ParamName, Is.EqualTo("Goals"));
    }

    private static int NextAllowed(Observation o, int except = -1, EnvRandom? random = null)
    {
        int n = o.ActionMask.Length;
        int offset = random?.NextInt(n) ?? 0;
        for (int k = 0; k < n; k++)
        {
            int a = (k + offset) % n;
            if (o.ActionMask[a] && a != except)
            {
                return a;
            }
        }

        return Array.IndexOf(o.ActionMask, true);
    }
}
