using System.Reflection;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;

namespace RagAgent.Tests.Architecture;

/// <summary>
/// The namespaces of RagAgent.Core form no cycle, and the RL code (PPO, training, evaluation, checkpoints) reaches
/// the network only through the engine seam in <c>RagAgent.Core.Policies</c>, never through the managed engine, so
/// a second engine can be added without touching it.
/// </summary>
public sealed class CoreNamespaceTests
{
    private static readonly string[] ManagedEngine =
    [
        "RagAgent.Core.Policies.Managed", "RagAgent.Core.Nn", "RagAgent.Core.Nn.Optim", "RagAgent.Core.Embeddings",
    ];

    private static Assembly Core => typeof(IActorCritic).Assembly;

    [Test]
    public void CoreNamespaces_HaveNoDependencyCycle()
    {
        Dictionary<string, HashSet<string>> graph = TypeDependencies.NamespaceGraph(Core);
        string[] cycles = Cycles(graph).Select(c => string.Join(" -> ", c)).ToArray();
        Assert.That(cycles, Is.Empty, "namespace cycles in RagAgent.Core");
    }

    [TestCase("RagAgent.Core.Algorithms.Ppo")]
    [TestCase("RagAgent.Core.Training")]
    [TestCase("RagAgent.Core.Buffers")]
    [TestCase("RagAgent.Core.Policies")]
    public void RlNamespace_UsesNoManagedEngineType(string ns)
    {
        Type[] types = Core.GetTypes().Where(t => t.Namespace == ns).ToArray();
        Assert.That(types, Is.Not.Empty);
        string[] used = types
            .SelectMany(t => TypeDependencies.Of(t).Select(u => (From: t, Used: u)))
            .Where(p => p.Used.Assembly == Core && ManagedEngine.Contains(p.Used.Namespace))
            .Select(p => $"{p.From.FullName} uses {p.Used.FullName}")
            .Distinct()
            .ToArray();
        Assert.That(used, Is.Empty);
    }

    [Test]
    public void NamespaceGraph_SeesDependenciesInsideMethodBodies()
    {
        // PolicyFactory.Create names MlpPolicy only in its body (new MlpPolicy(...)): the graph must still see it.
        Dictionary<string, HashSet<string>> graph = TypeDependencies.NamespaceGraph(Core);
        Assert.That(TypeDependencies.Of(typeof(RagAgent.Core.Policies.Managed.PolicyFactory)),
            Does.Contain(typeof(RagAgent.Core.Policies.Managed.MlpPolicy)));
        Assert.That(Cycles(new() { ["a"] = ["b"], ["b"] = ["c"], ["c"] = ["a"] }), Has.Count.EqualTo(1));
        Assert.That(graph, Is.Not.Empty);
    }

    /// <summary>The strongly connected components with more than one namespace (Tarjan), each in sorted order.</summary>
    private static List<string[]> Cycles(Dictionary<string, HashSet<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var cycles = new List<string[]>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (string w in graph.GetValueOrDefault(v) ?? [])
            {
                if (!index.TryGetValue(w, out int visited))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], visited);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    cycles.Add([.. component.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (string v in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return cycles;
    }
}
