using RagAgent.Envs.Randomness;

namespace RagAgent.Envs.Retrieval;

/// <summary>
/// A synthetic knowledge base drawn from latent topics: each topic is a random unit vector; a document or query
/// embedding is its topic vector plus Gaussian noise, normalised to unit length. A document is relevant to a query
/// when they share a topic. Every topic has at least one document.
/// </summary>
public sealed class RetrievalCorpus
{
    private readonly float[] _documents;
    private readonly float[] _queries;
    private readonly int[] _documentTopic;
    private readonly int[] _queryTopic;
    private readonly int[] _relevantCount;

    private RetrievalCorpus(int embeddingSize, float[] documents, float[] queries, int[] documentTopic, int[] queryTopic, int numTopics)
    {
        EmbeddingSize = embeddingSize;
        _documents = documents;
        _queries = queries;
        _documentTopic = documentTopic;
        _queryTopic = queryTopic;
        _relevantCount = new int[numTopics];
        foreach (int topic in documentTopic)
        {
            _relevantCount[topic]++;
        }
    }

    /// <summary>Length of each embedding.</summary>
    public int EmbeddingSize { get; }

    /// <summary>Number of documents.</summary>
    public int NumDocuments => _documentTopic.Length;

    /// <summary>Number of queries.</summary>
    public int NumQueries => _queryTopic.Length;

    /// <summary>Unit embedding of <paramref name="document"/>, <c>[EmbeddingSize]</c>.</summary>
    public ReadOnlySpan<float> Document(int document) => _documents.AsSpan(document * EmbeddingSize, EmbeddingSize);

    /// <summary>Unit embedding of <paramref name="query"/>, <c>[EmbeddingSize]</c>.</summary>
    public ReadOnlySpan<float> Query(int query) => _queries.AsSpan(query * EmbeddingSize, EmbeddingSize);

    /// <summary>Latent topic of <paramref name="document"/>.</summary>
    public int DocumentTopic(int document) => _documentTopic[document];

    /// <summary>Latent topic of <paramref name="query"/>.</summary>
    public int QueryTopic(int query) => _queryTopic[query];

    /// <summary>True when <paramref name="document"/> is relevant to <paramref name="query"/>.</summary>
    public bool IsRelevant(int query, int document) => _documentTopic[document] == _queryTopic[query];

    /// <summary>Number of documents relevant to <paramref name="query"/> (at least 1).</summary>
    public int RelevantCount(int query) => _relevantCount[_queryTopic[query]];

    /// <summary>Cosine similarity of a query and a document (both embeddings are unit vectors).</summary>
    public float Similarity(int query, int document) => Dot(Query(query), Document(document));

    /// <summary>Cosine similarity of two documents.</summary>
    public float DocumentSimilarity(int first, int second) => Dot(Document(first), Document(second));

    /// <summary>Draws the corpus of <paramref name="options"/> from <paramref name="random"/>.</summary>
    public static RetrievalCorpus Generate(RetrievalOptions options, EnvRandom random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        options.Validate();
        int e = options.EmbeddingSize;
        float[] topics = new float[options.NumTopics * e];
        for (int t = 0; t < options.NumTopics; t++)
        {
            Span<float> topic = topics.AsSpan(t * e, e);
            Perturb(topic, topic, 1f, random);
        }

        int[] documentTopic = new int[options.NumDocuments];
        for (int d = 0; d < documentTopic.Length; d++)
        {
            documentTopic[d] = d < options.NumTopics ? d : random.NextInt(options.NumTopics);
        }

        random.Shuffle(documentTopic.AsSpan());
        int[] queryTopic = new int[options.NumQueries];
        for (int q = 0; q < queryTopic.Length; q++)
        {
            queryTopic[q] = q % options.NumTopics;
        }

        random.Shuffle(queryTopic.AsSpan());
        float[] documents = new float[options.NumDocuments * e];
        for (int d = 0; d < documentTopic.Length; d++)
        {
            Perturb(topics.AsSpan(documentTopic[d] * e, e), documents.AsSpan(d * e, e), options.DocumentNoise, random);
        }

        float[] queries = new float[options.NumQueries * e];
        for (int q = 0; q < queryTopic.Length; q++)
        {
            Perturb(topics.AsSpan(queryTopic[q] * e, e), queries.AsSpan(q * e, e), options.QueryNoise, random);
        }

        return new RetrievalCorpus(e, documents, queries, documentTopic, queryTopic, options.NumTopics);
    }

    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        float dot = 0f;
        for (int i = 0; i < x.Length; i++)
        {
            dot += x[i] * y[i];
        }

        return dot;
    }

    // destination = normalise(source + noise · N(0, I)); source and destination may be the same span
    // (with source all zero and noise 1, this draws a uniform direction).
    private static void Perturb(ReadOnlySpan<float> source, Span<float> destination, float noise, EnvRandom random)
    {
        float norm = 0f;
        for (int i = 0; i < destination.Length; i++)
        {
            float v = source[i] + (noise * (float)random.NextGaussian());
            destination[i] = v;
            norm += v * v;
        }

        norm = MathF.Sqrt(norm);
        if (norm < 1e-6f)
        {
            destination.Clear();
            destination[0] = 1f;
            return;
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] /= norm;
        }
    }
}
