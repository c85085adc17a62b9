using System.Diagnostics;
using RagAgent.Core.Buffers;
using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.Vector;

namespace RagAgent.Core.Algorithms.Ppo;

/// <summary>
/// Proximal Policy Optimization with masked actions: alternates <see cref="CollectRollouts"/> (batched forward over
/// the vector env's observations, masked sampling, env step, storage, GAE) and the <see cref="PpoUpdate"/>, with
/// linear learning-rate (and optionally clip) annealing, callbacks and resumable checkpoints.
/// </summary>
/// <remarks>
/// <para>Deterministic under a seed on one thread: the vector env is reset with <c>seed</c> (copy i with
/// <c>seed + i</c>), and the sampler and minibatch shuffles are reseeded from <c>(seed, update)</c> at each update.</para>
/// <para>Resume: a checkpoint holds the weights, the optimizer state and the trainer state (counters, episode window,
/// per-copy running returns, and the envs' state), so that <see cref="Restore"/> followed by <see cref="Learn"/>
/// continues bit for bit as the uninterrupted run. The envs' state is kept one of two ways:</para>
/// <list type="bullet">
/// <item><b>Snapshot</b>, when the vector env is an <see cref="ISnapshotVectorEnv"/> whose copies all support
/// snapshots (every built-in env and wrapper does): the checkpoint stores the vector env's snapshot
/// (<c>env_snapshot</c>, bytes packed by <see cref="TrainerStateCodec.EncodeBytes"/>), whose size does not grow with
/// the steps taken; the trainer keeps no action log, and <see cref="Restore"/> restores the envs directly.</item>
/// <item><b>Replay</b>, otherwise (a user env that does not implement <see cref="ISnapshotEnv"/>): the trainer logs
/// every action (<c>env_actions</c>, 4 bytes per env step in memory and in the checkpoint), and the first
/// <see cref="Learn"/> after <see cref="Restore"/> resets the freshly built vector env with the seed and replays
/// them, one env step per recorded step (no forward passes); this needs deterministic envs.</item>
/// </list>
/// <para>A checkpoint with an action log restores by replay into either kind of envs; one with a snapshot needs envs
/// that support snapshots.</para>
/// </remarks>
public sealed class PpoTrainer : ITrainingSession
{
    private const int SamplerStream = 1;
    private const int ShuffleStream = 2;
    private const string EnvSnapshotTensor = "env_snapshot";
    private const string EnvActionsTensor = "env_actions";

    private readonly IVectorEnv _envs;
    private readonly ISnapshotVectorEnv? _snapshotEnvs;
    private readonly PpoUpdate _update;
    private readonly RolloutBuffer _buffer;
    private readonly ObservationBatch _current;
    private readonly ObservationBatch _finals;
    private readonly float[] _logits;
    private readonly float[] _values;
    private readonly float[] _finalValues;
    private readonly float[] _finalBatchValues;
    private readonly int[] _finalRows;
    private readonly int[] _actions;
    private readonly float[] _logProbs;
    private readonly float[] _runningReturns;
    private readonly int[] _runningLengths;
    private readonly EnvRandom _sampler = new(0);
    private readonly EnvRandom _shuffler = new(0);
    private readonly EpisodeStatsWindow _window;
    private readonly List<UpdateMetrics> _history = [];
    private int[] _actionLog = [];
    private int _replaySteps;
    private bool _started;
    private double _wallSecondsBefore;
    private long _ticksEnv, _ticksForward, _ticksSampling, _ticksStorage, _ticksGae, _ticksUpdate;

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

        if (envs.Spec.NumActions != policy.Spec.NumActions)
        {
            throw new ArgumentException(
                $"envs '{envs.Spec.Id}' has {envs.Spec.NumActions} actions; the policy was built for {policy.Spec.NumActions}.", nameof(envs));
        }

        OptimizerOptions adam = optimizerOptions ?? new OptimizerOptions();
        adam.Validate();
        Policy = policy;
        _envs = envs;
        _snapshotEnvs = envs is ISnapshotVectorEnv { SupportsSnapshots: true } snapshotEnvs ? snapshotEnvs : null;
        Options = options;
        Seed = seed;
        Optimizer = policy.CreateOptimizer(adam);
        _update = new PpoUpdate(policy, Optimizer, options);
        int n = options.NumEnvs;
        int numActions = policy.Spec.NumActions;
        _buffer = new RolloutBuffer(policy.Spec, options.NumSteps, n);
        _current = new ObservationBatch(policy.Spec, n);
        _finals = new ObservationBatch(policy.Spec, n);
        _logits = new float[n * numActions];
        _values = new float[n];
        _finalValues = new float[n];
        _finalBatchValues = new float[n];
        _finalRows = new int[n];
        _actions = new int[n];
        _logProbs = new float[n];
        _runningReturns = new float[n];
        _runningLengths = new int[n];
        _window = new EpisodeStatsWindow(options.StatsWindowSize);
    }

    /// <inheritdoc />
    public IActorCritic Policy { get; }

    /// <summary>The optimizer over the policy's parameters.</summary>
    public IPolicyOptimizer Optimizer { get; }

    /// <summary>The hyperparameters.</summary>
    public PpoOptions Options { get; }

    /// <summary>The run's seed.</summary>
    public int Seed { get; private set; }

    /// <inheritdoc />
    public long GlobalStep { get; private set; }

    /// <summary>Updates done so far.</summary>
    public int UpdateIndex { get; private set; }

    /// <summary>Episodes finished so far.</summary>
    public long Episodes => _window.TotalEpisodes;

    /// <summary>The rollout buffer of the last rollout.</summary>
    public RolloutBuffer Buffer => _buffer;

    /// <summary>Metrics of every update run by this instance, in order.</summary>
    public IReadOnlyList<UpdateMetrics> History => _history;

    /// <summary>Where the wall time went so far.</summary>
    public RolloutTimings Timings => new(
        Seconds(_ticksEnv), Seconds(_ticksForward), Seconds(_ticksSampling), Seconds(_ticksStorage), Seconds(_ticksGae), Seconds(_ticksUpdate));

    /// <summary>
    /// Trains until <c>totalTimesteps / BatchSize</c> updates are done in all (counting updates before a resume), or a
    /// callback returns <c>false</c>, or <paramref name="cancellationToken"/> is cancelled (checked between updates).
    /// The learning rate (and clip, when annealed) falls linearly from its initial value to 0 over those updates,
    /// so a resumed run must pass the same <paramref name="totalTimesteps"/>.
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

        callbacks ??= [];
        if (_snapshotEnvs is null)
        {
            EnsureActionLogCapacity(numUpdates * Options.BatchSize);
        }

        StartEnvs();
        foreach (ITrainingCallback callback in callbacks)
        {
            callback.OnTrainingStart(this);
        }

        long sessionStart = Stopwatch.GetTimestamp();
        long sessionStartStep = GlobalStep;
        UpdateMetrics? last = null;
        while (UpdateIndex < numUpdates && !cancellationToken.IsCancellationRequested)
        {
            float frac = 1f - (UpdateIndex / (float)numUpdates);
            float learningRate = Options.AnnealLr ? frac * Options.LearningRate : Options.LearningRate;
            float clipCoef = Options.AnnealClipCoef ? frac * Options.ClipCoef : Options.ClipCoef;

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
                throw new ArithmeticException($"PPO update {UpdateIndex + 1} (global step {GlobalStep}): {e.Message}", e);
            }

            _ticksUpdate += Stopwatch.GetTimestamp() - t0;
            UpdateIndex++;

            double session = Stopwatch.GetElapsedTime(sessionStart).TotalSeconds;
            var metrics = new UpdateMetrics(
                UpdateIndex,
                GlobalStep,
                _window.TotalEpisodes,
                _window.MeanReturn,
                _window.MeanLength,
                _window.SuccessRate,
                stats.PolicyLoss,
                stats.ValueLoss,
                stats.Entropy,
                stats.ApproxKl,
                stats.ClipFraction,
                session > 0 ? (GlobalStep - sessionStartStep) / session : 0,
                _wallSecondsBefore + session,
                stats.ExplainedVariance,
                learningRate);
            _history.Add(metrics);
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
    public void CollectRollouts()
    {
        StartEnvs();
        int n = Options.NumEnvs;
        int numActions = Policy.Spec.NumActions;
        _buffer.Clear();
        bool logActions = _snapshotEnvs is null;
        if (logActions)
        {
            EnsureActionLogCapacity(GlobalStep + Options.BatchSize);
        }

        _sampler.Reseed(DeriveSeed(Seed, UpdateIndex, SamplerStream));
        for (int step = 0; step < Options.NumSteps; step++)
        {
            long t0 = Stopwatch.GetTimestamp();
            Policy.Forward(_current, n, _logits, _values);
            long t1 = Stopwatch.GetTimestamp();
            MaskedCategorical.SampleBatch(_logits, _current.ActionMasks.AsSpan(0, n * numActions), numActions, _sampler, _actions, _logProbs);
            long t2 = Stopwatch.GetTimestamp();
            int row = _buffer.NextRow;
            for (int e = 0; e < n; e++)
            {
                _current.CopyRowTo(e, _buffer.Observations, row + e);
            }

            if (logActions)
            {
                _actions.AsSpan().CopyTo(_actionLog.AsSpan((int)GlobalStep, n));
            }

            long t3 = Stopwatch.GetTimestamp();
            VectorStepResult result = _envs.Step(_actions);
            long t4 = Stopwatch.GetTimestamp();
            GlobalStep += n;
            BootstrapTruncated(result);
            long t5 = Stopwatch.GetTimestamp();
            _buffer.Add(_actions, _logProbs, _values, result.Rewards, result.Terminated, result.Truncated, _finalValues);
            RecordEpisodes(result);
            WriteCurrent(result.Observations);
            long t6 = Stopwatch.GetTimestamp();
            _ticksForward += (t1 - t0) + (t5 - t4);
            _ticksSampling += t2 - t1;
            _ticksEnv += t4 - t3;
            _ticksStorage += (t3 - t2) + (t6 - t5);
        }

        long g0 = Stopwatch.GetTimestamp();
        Policy.Forward(_current, n, _logits, _values);
        long g1 = Stopwatch.GetTimestamp();
        _buffer.ComputeReturnsAndAdvantages(_values, Options.Gamma, Options.GaeLambda);
        long g2 = Stopwatch.GetTimestamp();
        _ticksForward += g1 - g0;
        _ticksGae += g2 - g1;
    }

    /// <inheritdoc />
    public CheckpointContent CreateCheckpoint()
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (_history.Count > 0)
        {
            UpdateMetrics m = _history[^1];
            metrics["mean_return"] = m.MeanReturn;
            metrics["mean_length"] = m.MeanLength;
            metrics["success_rate"] = m.SuccessRate;
            metrics["episodes"] = m.Episodes;
        }

        var manifest = new CheckpointManifest
        {
            Policy = Policy.Options,
            Spec = Policy.Spec,
            TrainingSteps = GlobalStep,
            Metrics = metrics,
        };
        return new CheckpointContent(manifest, Policy.ExportWeights(), Optimizer.ExportState(), ExportTrainerState());
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
        if (_started)
        {
            throw new InvalidOperationException("Restore must be called before the trainer's first rollout.");
        }

        if (content.TrainerState is not { Count: > 0 } trainer || content.OptimizerState is null)
        {
            throw new InvalidDataException("Checkpoint has no trainer or optimizer state: it was saved for inference, not for resuming.");
        }

        float[] counters = TrainerStateCodec.Find(trainer, "counters").Data;
        if (counters.Length != 20)
        {
            throw new InvalidDataException($"Trainer state 'counters' has {counters.Length} entries; expected 20.");
        }

        long numEnvs = TrainerStateCodec.DecodeInt64(counters.AsSpan(12, 4));
        if (numEnvs != Options.NumEnvs)
        {
            throw new InvalidDataException($"Checkpoint was trained with NumEnvs = {numEnvs}; this trainer has {Options.NumEnvs}.");
        }

        long globalStep = TrainerStateCodec.DecodeInt64(counters.AsSpan(0, 4));
        float[] actions = [];
        if (TrainerStateCodec.Contains(trainer, EnvSnapshotTensor))
        {
            RestoreEnvs(TrainerStateCodec.Find(trainer, EnvSnapshotTensor).Data);
        }
        else
        {
            actions = TrainerStateCodec.Find(trainer, EnvActionsTensor).Data;
            if (actions.Length != globalStep)
            {
                throw new InvalidDataException($"Trainer state '{EnvActionsTensor}' has {actions.Length} entries; expected one per env step ({globalStep}).");
            }
        }

        Policy.ImportWeights(content.Weights);
        Optimizer.ImportState(content.OptimizerState);
        GlobalStep = globalStep;
        UpdateIndex = (int)TrainerStateCodec.DecodeInt64(counters.AsSpan(4, 4));
        Seed = (int)TrainerStateCodec.DecodeInt64(counters.AsSpan(8, 4));
        _wallSecondsBefore = TrainerStateCodec.DecodeInt64(counters.AsSpan(16, 4)) / 1000.0;
        _window.Import(trainer, "episodes.");
        float[] returns = TrainerStateCodec.Find(trainer, "running_returns").Data;
        float[] lengths = TrainerStateCodec.Find(trainer, "running_lengths").Data;
        returns.AsSpan().CopyTo(_runningReturns);
        for (int e = 0; e < lengths.Length; e++)
        {
            _runningLengths[e] = (int)lengths[e];
        }

        if (actions.Length > 0)
        {
            EnsureActionLogCapacity(globalStep);
            for (int i = 0; i < actions.Length; i++)
            {
                _actionLog[i] = (int)actions[i];
            }

            _replaySteps = (int)(globalStep / Options.NumEnvs);
        }
    }

    private List<NamedTensor> ExportTrainerState()
    {
        float[] counters =
        [
            .. TrainerStateCodec.EncodeInt64(GlobalStep),
            .. TrainerStateCodec.EncodeInt64(UpdateIndex),
            .. TrainerStateCodec.EncodeInt64(Seed),
            .. TrainerStateCodec.EncodeInt64(Options.NumEnvs),
            .. TrainerStateCodec.EncodeInt64((long)Math.Round(_wallSecondsBefore * 1000)),
        ];
        var state = new List<NamedTensor>
        {
            new("counters", [counters.Length], counters),
            new("running_returns", [Options.NumEnvs], (float[])_runningReturns.Clone()),
            new("running_lengths", [Options.NumEnvs], [.. _runningLengths.Select(l => (float)l)]),
        };
        if (_started && _snapshotEnvs is not null)
        {
            float[] snapshot = TrainerStateCodec.EncodeBytes(EnvSnapshot.ToBytes(_snapshotEnvs.SaveState));
            state.Add(new(EnvSnapshotTensor, [snapshot.Length], snapshot));
        }
        else
        {
            // Not started yet (nothing or a restored log to replay), or envs without snapshots.
            state.Add(new(EnvActionsTensor, [(int)GlobalStep], [.. _actionLog.AsSpan(0, (int)GlobalStep).ToArray().Select(a => (float)a)]));
        }

        state.AddRange(_window.Export("episodes."));
        return state;
    }

    private void RestoreEnvs(float[] packed)
    {
        if (_snapshotEnvs is null)
        {
            throw new InvalidDataException(
                $"Checkpoint holds a snapshot of its envs ('{EnvSnapshotTensor}'), but envs '{_envs.Spec.Id}' ({_envs.GetType().Name}) cannot restore "
                + "snapshots: every copy must implement ISnapshotEnv (wrappers included) in an ISnapshotVectorEnv. Resume with envs built as in the original run.");
        }

        byte[] snapshot = TrainerStateCodec.DecodeBytes(packed);
        VectorStepResult result = EnvSnapshot.FromBytes(snapshot, $"Vector env '{_envs.Spec.Id}'", _snapshotEnvs.RestoreState);
        _started = true;
        WriteCurrent(result.Observations);
    }

    private void StartEnvs()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        VectorStepResult result = _envs.Reset(Seed);
        int n = Options.NumEnvs;
        for (int s = 0; s < _replaySteps; s++)
        {
            result = _envs.Step(_actionLog.AsSpan(s * n, n));
        }

        _replaySteps = 0;
        if (_snapshotEnvs is not null)
        {
            _actionLog = [];
        }

        WriteCurrent(result.Observations);
    }

    private void BootstrapTruncated(VectorStepResult result)
    {
        int count = 0;
        for (int e = 0; e < Options.NumEnvs; e++)
        {
            _finalValues[e] = 0f;
            if (result.Truncated[e] && !result.Terminated[e])
            {
                _finals.Write(count, result.FinalObservations[e]);
                _finalRows[count++] = e;
            }
        }

        if (count == 0)
        {
            return;
        }

        Policy.Forward(_finals, count, _logits.AsSpan(0, count * Policy.Spec.NumActions), _finalBatchValues.AsSpan(0, count));
        for (int k = 0; k < count; k++)
        {
            _finalValues[_finalRows[k]] = _finalBatchValues[k];
        }
    }

    private void RecordEpisodes(VectorStepResult result)
    {
        for (int e = 0; e < Options.NumEnvs; e++)
        {
            _runningReturns[e] += result.Rewards[e];
            _runningLengths[e]++;
            if (!result.Done(e))
            {
                continue;
            }

            EnvInfo info = result.Infos[e];
            if (info.Episode is EpisodeStatistics episode)
            {
                _window.Add(episode.Return, episode.Length, episode.IsSuccess || info.IsSuccess);
            }
            else
            {
                _window.Add(_runningReturns[e], _runningLengths[e], info.IsSuccess);
            }

            _runningReturns[e] = 0f;
            _runningLengths[e] = 0;
        }
    }

    private void WriteCurrent(Observation[] observations)
    {
        for (int e = 0; e < Options.NumEnvs; e++)
        {
            _current.Write(e, observations[e]);
        }
    }

    private void EnsureActionLogCapacity(long steps)
    {
        if (steps > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "The resumable action log holds at most int.MaxValue env steps.");
        }

        if (_actionLog.Length < steps)
        {
            Array.Resize(ref _actionLog, (int)Math.Min(int.MaxValue, Math.Max(steps, 2L * _actionLog.Length)));
        }
    }

    private static long DeriveSeed(int seed, int update, int stream) =>
        unchecked(((long)seed << 32) ^ ((long)update << 2) ^ stream);

    private static double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;
}
