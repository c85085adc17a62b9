using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Envs.Retrieval;

/// <summary>
/// <c>retrieval</c>: a retrieval-augmented agent answers a query by picking documents of a knowledge base, within a
/// budget, and decides when to stop.
/// </summary>
/// <remarks>
/// <para><b>World</b> (fixed by <see cref="RetrievalOptions.WorldSeed"/>): a <see cref="RetrievalCorpus"/> of
/// <c>D</c> documents and the queries, both embedded from latent topics; a document is relevant to a query when
/// they share a topic; a fraction of the queries is held out (see <see cref="GoalPool"/>).</para>
/// <para><b>State</b>: the query, the set of retrieved documents, the retrievals left. Reset draws the query from
/// the configured <see cref="GoalSplit"/>.</para>
/// <para><b>Observation</b>: task id = query id; goal features = query embedding <c>[E]</c>; node ids = document
/// index; node features <c>[D, E + 5]</c> = (document embedding, cosine similarity to the query, retrieved,
/// retrieved and judged relevant, relevance feedback: the highest cosine similarity to a retrieved document judged
/// relevant, then to one judged irrelevant, both floored at 0, so 0 while there is none); globals = (retrievals
/// left / budget, relevant retrieved / budget). The feedback lets a policy find the relevant documents that are
/// far from the query but close to what it already found, which a retriever ranking by query similarity cannot.</para>
/// <para><b>Actions</b>: one per document (retrieve it), then the extra action <see cref="StopAction"/> (index
/// <c>D</c>). <b>Mask</b>: documents not yet retrieved, and stop (always allowed).</para>
/// <para><b>Reward</b>: +<see cref="RetrievalOptions.RelevantReward"/> (+1) for a relevant document,
/// −<see cref="RetrievalOptions.IrrelevantCost"/> (−0.2) for an irrelevant one; stopping gives
/// +<see cref="RetrievalOptions.StopBonus"/> (+0.5) when every relevant document is retrieved, 0 otherwise.
/// <b>Termination</b>: stop, or the budget used up; <see cref="EnvInfo.IsSuccess"/> on that step when every
/// relevant document was retrieved. <b>Truncation</b>: only when <see cref="RetrievalOptions.MaxEpisodeSteps"/> is
/// set below the budget.</para>
/// </remarks>
public sealed class RetrievalEnv : ISnapshotEnv
{
    /// <summary>Registry id.</summary>
    public const string Id = "retrieval";

    /// <summary>Info value (<see cref="EnvInfo.Values"/>): recall, the fraction of the query's relevant documents retrieved so far.</summary>
    public const string InfoRecall = "recall";

    private const int SnapshotVersion = 1;

    // Components of unit embeddings, cosine similarities and 0/1 flags lie in [-1, 1]; a float dot product of a unit
    // vector with itself may round a little past 1, hence the margin.
    private static readonly FeatureBounds UnitVectorBounds = new(-1.001f, 1.001f);

    private readonly RetrievalOptions _options;
    private readonly GoalPool _goals;
    private readonly EnvRandom _random;
    private readonly Observation _observation;
    private readonly InfoValues _info;
    private readonly int _featureSize;
    private readonly int _similarityFeature;
    private readonly int? _limit;
    private readonly float[] _documentSimilarity;
    private int _query;
    private int _retrieved;
    private int _relevantRetrieved;
    private int _relevantTotal;
    private int _steps;
    private bool _running;

    /// <summary>Builds the world of <paramref name="options"/> (default options when null).</summary>
    public RetrievalEnv(RetrievalOptions? options = null)
    {
        _options = options ?? new RetrievalOptions();
        _options.Validate();
        Corpus = RetrievalCorpus.Generate(_options, new EnvRandom(_options.WorldSeed));
        _goals = new GoalPool(_options.NumQueries, _options.HeldOutFraction, _options.WorldSeed);
        _random = new EnvRandom(_options.WorldSeed ^ 0x3C6EF372L);
        _limit = _options.MaxEpisodeSteps;
        int d = _options.NumDocuments;
        int e = _options.EmbeddingSize;
        _featureSize = e + 5;
        _documentSimilarity = DocumentSimilarities(Corpus);
        _similarityFeature = e;
        StopAction = d;
        Spec = new EnvSpec
        {
            Id = Id,
            NumTasks = _options.NumQueries,
            GoalFeatureSize = e,
            MaxNodes = d,
            NodeVocabSize = d,
            NodeFeatureSize = _featureSize,
            GlobalFeatureSize = 2,
            GoalFeatureBounds = UnitVectorBounds,
            NodeFeatureBounds = UnitVectorBounds,
            GlobalBounds = FeatureBounds.UnitInterval, // budget left and relevant found, as fractions of the budget
            ActionsPerNode = 1,
            ExtraActions = 1,
            MaxEpisodeSteps = _limit,
            InfoKeys = [InfoRecall],
        };
        _observation = new Observation(Spec);
        _info = new InfoValues(Spec);
        for (int i = 0; i < d; i++)
        {
            _observation.NodeIds[i] = i;
            Corpus.Document(i).CopyTo(_observation.NodeFeatures.AsSpan(i * _featureSize, e));
        }
    }

    /// <summary>Creates the env as an <see cref="IEnv"/>.</summary>
    public static IEnv Create(RetrievalOptions? options = null) => new RetrievalEnv(options);

    /// <inheritdoc />
    public EnvSpec Spec { get; }

    /// <summary>The options in force.</summary>
    public RetrievalOptions Options => _options;

    /// <summary>The fixed knowledge base and queries of this world.</summary>
    public RetrievalCorpus Corpus { get; }

    /// <summary>The train / held-out split of queries.</summary>
    public GoalPool Goals => _goals;

    /// <summary>Index of the "stop" action (<c>NumDocuments</c>).</summary>
    public int StopAction { get; }

    /// <summary>Node feature index of the cosine similarity to the query (<c>EmbeddingSize</c>).</summary>
    public int SimilarityFeature => _similarityFeature;

    /// <summary>Node feature index of the "retrieved" flag.</summary>
    public int RetrievedFeature => _similarityFeature + 1;

    /// <summary>Node feature index of the "retrieved and judged relevant" flag.</summary>
    public int JudgedRelevantFeature => _similarityFeature + 2;

    /// <summary>Node feature index of the positive feedback: the highest cosine similarity to a retrieved document judged relevant, floored at 0 (0 while there is none).</summary>
    public int RelevantFeedbackFeature => _similarityFeature + 3;

    /// <summary>Node feature index of the negative feedback: the highest cosine similarity to a retrieved document judged irrelevant, floored at 0 (0 while there is none).</summary>
    public int IrrelevantFeedbackFeature => _similarityFeature + 4;

    /// <summary>Query of the episode.</summary>
    public int QueryId => _query;

    /// <inheritdoc />
    public ResetResult Reset(int? seed = null)
    {
        if (seed.HasValue)
        {
            _random.Reseed(seed.Value);
        }

        _query = _goals.Sample(_options.Goals, _random);
        _retrieved = 0;
        _relevantRetrieved = 0;
        _relevantTotal = Corpus.RelevantCount(_query);
        _steps = 0;
        _running = true;

        Observation o = _observation;
        o.TaskId = _query;
        Corpus.Query(_query).CopyTo(o.GoalFeatures);
        float[] f = o.NodeFeatures;
        for (int i = 0; i < _options.NumDocuments; i++)
        {
            int row = i * _featureSize;
            f[row + _similarityFeature] = Corpus.Similarity(_query, i);
            f[row + _similarityFeature + 1] = 0f;
            f[row + _similarityFeature + 2] = 0f;
            f[row + _similarityFeature + 3] = 0f;
            f[row + _similarityFeature + 4] = 0f;
            o.ActionMask[i] = true;
        }

        o.ActionMask[StopAction] = true;
        WriteGlobals();
        return new ResetResult(o, new EnvInfo(false) { Values = WriteInfo() });
    }

    /// <inheritdoc />
    public StepResult Step(int action)
    {
        StepGuard.ThrowIfCannotStep(Spec, _running, action, _observation.ActionMask);
        _steps++;
        float reward;
        bool terminated;
        if (action == StopAction)
        {
            reward = _relevantRetrieved == _relevantTotal ? _options.StopBonus : 0f;
            terminated = true;
        }
        else
        {
            bool relevant = Corpus.IsRelevant(_query, action);
            int row = action * _featureSize;
            _observation.NodeFeatures[row + _similarityFeature + 1] = 1f;
            _observation.ActionMask[action] = false;
            _retrieved++;
            if (relevant)
            {
                _relevantRetrieved++;
                _observation.NodeFeatures[row + _similarityFeature + 2] = 1f;
                reward = _options.RelevantReward;
            }
            else
            {
                reward = -_options.IrrelevantCost;
            }

            RecordFeedback(action, relevant ? RelevantFeedbackFeature : IrrelevantFeedbackFeature);

            terminated = _retrieved >= _options.Budget;
        }

        WriteGlobals();
        bool truncated = !terminated && _steps >= _limit;
        _running = !terminated && !truncated;
        bool success = terminated && _relevantRetrieved == _relevantTotal;
        return new StepResult(_observation, reward, terminated, truncated, new EnvInfo(success) { Values = WriteInfo() });
    }

    /// <inheritdoc />
    public bool SupportsSnapshots => true;

    /// <summary>Saves the query, the retrieval counts, the step count, whether an episode runs, the random state and
    /// the observation (which holds the retrieved set and the feedback).</summary>
    public void SaveState(BinaryWriter writer)
    {
        var snapshot = new SnapshotWriter(writer, Id, SnapshotVersion);
        snapshot.Write(_query);
        snapshot.Write(_retrieved);
        snapshot.Write(_relevantRetrieved);
        snapshot.Write(_relevantTotal);
        snapshot.Write(_steps);
        snapshot.Write(_running);
        _random.SaveState(writer);
        snapshot.Write(_observation);
    }

    /// <inheritdoc />
    public Observation RestoreState(BinaryReader reader)
    {
        var snapshot = new SnapshotReader(reader, Id, SnapshotVersion);
        int d = _options.NumDocuments;
        _query = snapshot.ReadInt32("query", 0, _options.NumQueries - 1);
        _retrieved = snapshot.ReadInt32("retrieved", 0, _options.Budget);
        _relevantRetrieved = snapshot.ReadInt32("relevantRetrieved", 0, _retrieved);
        _relevantTotal = snapshot.ReadInt32("relevantTotal", 0, d);
        _steps = snapshot.ReadInt32("steps", 0);
        _running = snapshot.ReadBoolean("running");
        snapshot.ReadNested("random", _random.RestoreState);
        snapshot.ReadObservation("observation", _observation);
        return _observation;
    }

    // Raises every document's feedback feature to its similarity with the just-judged document.
    private void RecordFeedback(int judged, int feature)
    {
        int d = _options.NumDocuments;
        float[] f = _observation.NodeFeatures;
        ReadOnlySpan<float> similarities = _documentSimilarity.AsSpan(judged * d, d);
        for (int i = 0; i < d; i++)
        {
            int index = (i * _featureSize) + feature;
            f[index] = MathF.Max(f[index], similarities[i]);
        }
    }

    // [D, D] cosine similarities between documents.
    private static float[] DocumentSimilarities(RetrievalCorpus corpus)
    {
        int d = corpus.NumDocuments;
        float[] similarities = new float[d * d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                similarities[(i * d) + j] = corpus.DocumentSimilarity(i, j);
            }
        }

        return similarities;
    }

    private InfoValues WriteInfo()
    {
        _info[0] = _relevantTotal == 0 ? 1f : (float)_relevantRetrieved / _relevantTotal;
        return _info;
    }

    private void WriteGlobals()
    {
        float budget = _options.Budget;
        _observation.Globals[0] = (budget - _retrieved) / budget;
        _observation.Globals[1] = _relevantRetrieved / budget;
    }
}
