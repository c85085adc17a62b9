using RagAgent.Envs.Randomness;

namespace RagAgent.Envs.GraphNav;

/// <summary>
/// An undirected random geometric graph in the unit square, connected by construction: nodes are uniform points,
/// two nodes are linked when their distance is at most the connection radius, and the edges of a Euclidean minimum
/// spanning tree are added so that every node is reachable from every other one.
/// </summary>
public sealed class RandomGeometricGraph
{
    private readonly float[] _x;
    private readonly float[] _y;
    private readonly int[] _neighbourStart;
    private readonly int[] _neighbours;
    private readonly bool[] _adjacent;

    private RandomGeometricGraph(float[] x, float[] y, bool[] adjacent)
    {
        int n = x.Length;
        _x = x;
        _y = y;
        _adjacent = adjacent;
        _neighbourStart = new int[n + 1];
        var neighbours = new List<int>();
        for (int i = 0; i < n; i++)
        {
            _neighbourStart[i] = neighbours.Count;
            for (int j = 0; j < n; j++)
            {
                if (adjacent[(i * n) + j])
                {
                    neighbours.Add(j);
                }
            }
        }

        _neighbourStart[n] = neighbours.Count;
        _neighbours = [.. neighbours];
    }

    /// <summary>Number of nodes.</summary>
    public int NumNodes => _x.Length;

    /// <summary>Number of undirected edges.</summary>
    public int NumEdges => _neighbours.Length / 2;

    /// <summary>x coordinate of <paramref name="node"/>, in [0, 1).</summary>
    public float X(int node) => _x[node];

    /// <summary>y coordinate of <paramref name="node"/>, in [0, 1).</summary>
    public float Y(int node) => _y[node];

    /// <summary>Euclidean distance between two nodes.</summary>
    public float Distance(int a, int b)
    {
        float dx = _x[a] - _x[b];
        float dy = _y[a] - _y[b];
        return MathF.Sqrt((dx * dx) + (dy * dy));
    }

    /// <summary>True when an edge links <paramref name="a"/> and <paramref name="b"/>.</summary>
    public bool AreNeighbours(int a, int b) => _adjacent[(a * NumNodes) + b];

    /// <summary>Neighbours of <paramref name="node"/>, ascending.</summary>
    public ReadOnlySpan<int> Neighbours(int node) =>
        _neighbours.AsSpan(_neighbourStart[node], _neighbourStart[node + 1] - _neighbourStart[node]);

    /// <summary>Number of edges on a shortest path from <paramref name="from"/> to every node, <c>[NumNodes]</c>.</summary>
    public int[] HopDistances(int from)
    {
        int[] hops = new int[NumNodes];
        Array.Fill(hops, -1);
        var queue = new Queue<int>();
        hops[from] = 0;
        queue.Enqueue(from);
        while (queue.TryDequeue(out int node))
        {
            foreach (int next in Neighbours(node))
            {
                if (hops[next] < 0)
                {
                    hops[next] = hops[node] + 1;
                    queue.Enqueue(next);
                }
            }
        }

        return hops;
    }

    /// <summary>Draws a connected graph of <paramref name="numNodes"/> nodes.</summary>
    /// <param name="numNodes">Number of nodes, at least 2.</param>
    /// <param name="connectionRadius">Nodes closer than this are linked; the spanning tree adds the rest.</param>
    /// <param name="random">Source of the node positions.</param>
    public static RandomGeometricGraph Generate(int numNodes, float connectionRadius, EnvRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numNodes, 2);
        ArgumentNullException.ThrowIfNull(random);
        float[] x = new float[numNodes];
        float[] y = new float[numNodes];
        for (int i = 0; i < numNodes; i++)
        {
            x[i] = random.NextFloat();
            y[i] = random.NextFloat();
        }

        bool[] adjacent = new bool[numNodes * numNodes];
        var graph = new RandomGeometricGraph(x, y, adjacent);
        for (int i = 0; i < numNodes; i++)
        {
            for (int j = i + 1; j < numNodes; j++)
            {
                if (graph.Distance(i, j) <= connectionRadius)
                {
                    Link(adjacent, numNodes, i, j);
                }
            }
        }

        AddSpanningTree(graph, adjacent);
        return new RandomGeometricGraph(x, y, adjacent);
    }

    // Prim's algorithm on the complete Euclidean graph.
    private static void AddSpanningTree(RandomGeometricGraph graph, bool[] adjacent)
    {
        int n = graph.NumNodes;
        bool[] inTree = new bool[n];
        float[] best = new float[n];
        int[] parent = new int[n];
        Array.Fill(best, float.PositiveInfinity);
        best[0] = 0f;
        parent[0] = -1;
        for (int added = 0; added < n; added++)
        {
            int node = -1;
            for (int i = 0; i < n; i++)
            {
                if (!inTree[i] && (node < 0 || best[i] < best[node]))
                {
                    node = i;
                }
            }

            inTree[node] = true;
            if (parent[node] >= 0)
            {
                Link(adjacent, n, node, parent[node]);
            }

            for (int i = 0; i < n; i++)
            {
                float d = graph.Distance(node, i);
                if (!inTree[i] && d < best[i])
                {
                    best[i] = d;
                    parent[i] = node;
                }
            }
        }
    }

    private static void Link(bool[] adjacent, int n, int a, int b)
    {
        adjacent[(a * n) + b] = true;
        adjacent[(b * n) + a] = true;
    }
}
