using System.Diagnostics;
using RagAgent.Core.Buffers;
using RagAgent.Core.Schedules;
using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;
using RagAgent.Core.Training;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.Vector;

namespace RagAgent.Core.Algorithms.Ppo;

/// <summary>
/// Proximal Policy Optimization with masked actions, read top to bottom as it runs: <see cref="Learn"/> alternates
/// the <see cref="RolloutCollector"/> (env stepping, truncation bootstrap, episode statistics, GAE) and the
/// <see cref="PpoUpdate"/>, with the learning rate and clip range taken from their schedules, callbacks after each
/// update, and resumable checkpoints.
/// </summary>
/// <remarks>
/// <para>Deterministic under a seed on one thread: the vector env is reset with <c>seed</c> (copy i with
/// <c>seed + i</c>), and the sampler and minibatch shuffles are reseeded from <c>(seed, update)</c> at each update.</para>
/// <para>Resume: a checkpoint holds the weights, the optimizer state and the trainer state (counters, episode window,
/// per-copy running returns, and the envs' state as an env snapshot or an action log, see <see cref="EnvStateMode"/>),
/// so that <see cref="Restore"/> followed by <see cref="Learn"/> continues bit for bit as the uninterrupted run.</para>
/// </remarks>
public sealed class PpoTrainer : ITrainingSession
{
    private const int SamplerStream = 1;
    private const int ShuffleStream = 2;
    private const string UpdateCounter = "update";
    private const string WallMillisecondsCounter = "wall_ms";

    private readonly RolloutCollector _collector;
    private readonly PpoUpdate _update;
    private readonly RolloutBuffer _buffer;
    private readonly EnvRandom _shuffler = new(0);
    private readonly List<UpdateMetrics> _history = [];
    private double _wallSecondsBefore;
    private long _ticksUpdate;

    /// <summary>Creates a trainer.</summary>
    /// <param name="policy">The actor-critic to train; checkpoints record its <see cref="IActorCritic.Options"/>.</param>
    /// <param name="envs">A vector env with <see cref="PpoOptions.NumEnvs"/> copies, not yet stepped.</param>
    /// <param name="options">PPO hyperparameters.</param>
    /// <param name="seed">Seed of the envs, the sampler and the shuffles.</param>
    /// <param name="optimizerOptions">Adam settings; defaults to <see cref="OptimizerOptions"/> as constructed.</param>
    public PpoTrainer(
        IActorCritic policy,
        IVectorEnv envs,
        PpoOptions options,
        int seed,
        OptimizerOptions? optimizerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(envs);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (envs.NumEnvs != options.NumEnvs)
        {
            throw new ArgumentException($"envs has {envs.NumEnvs} copies; PpoOptions.NumEnvs is {options.NumEnvs}.", nameof(envs));
        }

        OptimizerOptions adam = optimizerOptions ?? new OptimizerOptions();
        adam.Validate();
        Policy = policy;
        Options = options;
        _collector = new RolloutCollector(policy, envs, seed, options.StatsWindowSize);
        Optimizer = policy.CreateOptimizer(adam);
        _update = new PpoUpdate(policy, Optimizer, options);
        _buffer = new RolloutBuffer(policy.Spec, options.NumSteps, options.NumEnvs);
    }

    /// <inheritdoc />
    public IActorCritic Policy { get; }

    /// <summary>The optimizer over the policy's parameters.</summary>
    public IPolicyOptimizer Optimizer { get; }

    /// <summary>The hyperparameters.</summary>
    public PpoOptions Options { get; }

    /// <summary>The rollout collector (env stepping, episode statistics, the envs' state).</summary>
    public RolloutCollector Collector => _collector;

    /// <summary>The run's seed.</summary>
    public int Seed => _collector.Seed;

    /// <inheritdoc />
    public long GlobalStep => _collector.GlobalStep;

    /// <summary>Updates done so far.</summary>
    public int UpdateIndex { get; private set; }

    /// <summary>Episodes finished so far.</summary>
    public long Episodes => _collector.Episodes.TotalEpisodes;

    /// <summary>The rollout buffer of the last rollout.</summary>
    public RolloutBuffer Buffer => _buffer;

    /// <summary>Metrics of every update run by this instance, in order.</summary>
    public IReadOnlyList<UpdateMetrics> History => _history;

    /// <summary>Where the wall time went so far.</summary>
    public RolloutTimings Timings => _collector.Timings with { Update = _ticksUpdate / (double)Stopwatch.Frequency };

    /// <summary>
    /// Trains until <c>totalTimesteps / BatchSize</c> updates are done in all (counting updates before a resume), or a
    /// callback returns <c>false</c>, or <paramref name="cancellationToken"/> is cancelled (checked between updates).
    /// The learning rate (and clip, when annealed) follows <see cref="PpoSchedules"/> over those updates, so a resumed
    /// run must pass the same <paramref name="totalTimesteps"/>.
    /// </summary>
    /// <returns>Metrics of the last update run, or null when none ran.</returns>
    /// <exception cref="ArithmeticException">An update met a NaN or infinite loss or gradient norm (names the update,
    /// the quantity, the epoch and the minibatch); the weights keep the values of the last finite step.</exception>
    public UpdateMetrics? Learn(long totalTimesteps, IReadOnlyList<ITrainingCallback>? callbacks = null, CancellationToken cancellationToken = default)
    {
        long numUpdates = totalTimesteps / Options.BatchSize;
        if (numUpdates < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(totalTimesteps), totalTimesteps, $"totalTimesteps must be at least BatchSize = {Options.BatchSize} (NumEnvs x NumSteps).");
        }

        ISchedule learningRates = PpoSchedules.LearningRate(Options, numUpdates);
        ISchedule clipCoefs = PpoSchedules.ClipCoef(Options, numUpdates);
        callbacks ??= [];
        _collector.ReserveActionLog(numUpdates * Options.BatchSize);
        foreach (ITrainingCallback callback in callbacks)
        {
            callback.OnTrainingStart(this);
        }

        long sessionStart = Stopwatch.GetTimestamp();
        long sessionStartStep = GlobalStep;
        UpdateMetrics? last = null;
        while (UpdateIndex < numUpdates && !cancellationToken.IsCancellationRequested)
        {
            int update = UpdateIndex + 1;
            float learningRate = learningRates.Value(update);
            float clipCoef = clipCoefs.Value(update);

            CollectRollouts();

            long t0 = Stopwatch.GetTimestamp();
            _shuffler.Reseed(DeriveSeed(Seed, UpdateIndex, ShuffleStream));
            PpoUpdateStats stats;
            try
            {
                stats = _update.Run(_buffer, learningRate, clipCoef, _shuffler);
            }
            catch (ArithmeticException e)
            {
                throw new ArithmeticException($"PPO update {update} (global step {GlobalStep}): {e.Message}", e);
            }

            _ticksUpdate += Stopwatch.GetTimestamp() - t0;
            UpdateIndex = update;
            UpdateMetrics metrics = Record(stats, learningRate, Stopwatch.GetElapsedTime(sessionStart).TotalSeconds, GlobalStep - sessionStartStep);
            last = metrics;
            bool keepGoing = true;
            foreach (ITrainingCallback callback in callbacks)
            {
                keepGoing &= callback.OnUpdate(metrics);
            }

            if (!keepGoing)
            {
                break;
            }
        }

        _wallSecondsBefore += Stopwatch.GetElapsedTime(sessionStart).TotalSeconds;
        return last;
    }

    /// <summary>
    /// Fills the rollout buffer with <see cref="PpoOptions.NumSteps"/> vector steps from the current observations,
    /// then computes GAE. Called by <see cref="Learn"/>; public for custom loops and benchmarks.
    /// </summary>
    public void CollectRollouts() =>
        _collector.Collect(_buffer, DeriveSeed(Seed, UpdateIndex, SamplerStream), Options.Gamma, Options.GaeLambda);

    /// <inheritdoc />
    public CheckpointContent CreateCheckpoint()
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (_history.Count > 0)
        {
            UpdateMetrics m = _history[^1];
            // JSON has no NaN: a metric without finished episodes behind it is left out.
            foreach ((string key, double value) in new[] { ("mean_return", m.MeanReturn), ("mean_length", m.MeanLength), ("success_rate", m.SuccessRate), ("episodes", (double)m.Episodes) })
            {
                if (double.IsFinite(value))
                {
                    metrics[key] = value;
                }
            }
        }

        var manifest = new CheckpointManifest
        {
            Policy = Policy.Options,
            Spec = Policy.Spec,
            TrainingSteps = GlobalStep,
            Metrics = metrics,
        };
        var counters = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [UpdateCounter] = UpdateIndex,
            [WallMillisecondsCounter] = (long)Math.Round(_wallSecondsBefore * 1000),
        };
        var tensors = new List<StateTensor>();
        _collector.ExportState(counters, tensors);
        return new CheckpointContent(manifest, Policy.ExportWeights(), Optimizer.ExportState(), new StateDict(counters, tensors));
    }

    /// <summary>Writes <see cref="CreateCheckpoint"/> to <paramref name="path"/> atomically.</summary>
    public void SaveCheckpoint(string path) => CheckpointFile.Save(path, CreateCheckpoint());

    /// <summary>
    /// Loads weights, optimizer state and trainer state from a checkpoint written by this trainer type, before the
    /// first <see cref="Learn"/>. The vector env given to the constructor must be freshly built the same way as the
    /// original run's: a checkpoint with an env snapshot is restored into it here; one with an action log is replayed
    /// on it by the next <see cref="Learn"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">This trainer has already stepped or restored its envs.</exception>
    /// <exception cref="InvalidDataException">The checkpoint lacks trainer or optimizer state, was made with other
    /// sizes, holds an env snapshot that these envs cannot restore (they do not support snapshots, or are built
    /// differently), or holds neither a snapshot nor an action log.</exception>
    public void Restore(CheckpointContent content)
    {
        ArgumentNullException.ThrowIfNull(content.Manifest);
        if (_collector.Started)
        {
            throw new InvalidOperationException("Restore must be called before the trainer's first rollout.");
        }

        if (content.TrainerState is not { IsEmpty: false } trainer || content.OptimizerState is not { IsEmpty: false } optimizer)
        {
            throw new InvalidDataException("Checkpoint has no trainer or optimizer state: it was saved for inference, not for resuming.");
        }

        long update = trainer.Counter(UpdateCounter, "Trainer");
        long wallMilliseconds = trainer.Counter(WallMillisecondsCounter, "Trainer");
        if (update is < 0 or > int.MaxValue || wallMilliseconds < 0)
        {
            throw new InvalidDataException($"Trainer state has update {update} and wall_ms {wallMilliseconds}; expected non-negative values.");
        }

        _collector.ImportState(trainer);
        Policy.ImportWeights(content.Weights);
        Optimizer.ImportState(optimizer);
        UpdateIndex = (int)update;
        _wallSecondsBefore = wallMilliseconds / 1000.0;
    }

    private UpdateMetrics Record(PpoUpdateStats stats, float learningRate, double sessionSeconds, long sessionSteps)
    {
        EpisodeStatsWindow episodes = _collector.Episodes;
        var metrics = new UpdateMetrics(
            UpdateIndex,
            GlobalStep,
            episodes.TotalEpisodes,
            episodes.MeanReturn,
            episodes.MeanLength,
            episodes.SuccessRate,
            stats.PolicyLoss,
            stats.ValueLoss,
            stats.Entropy,
            stats.ApproxKl,
            stats.ClipFraction,
            sessionSeconds > 0 ? sessionSteps / sessionSeconds : 0,
            _wallSecondsBefore + sessionSeconds,
            stats.ExplainedVariance,
            learningRate);
        _history.Add(metrics);
        return metrics;
    }

    private static long DeriveSeed(int seed, int update, int stream) =>
        unchecked(((long)seed << 32) ^ ((long)update << 2) ^ stream);
}
