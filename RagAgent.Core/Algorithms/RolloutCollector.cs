using System.Diagnostics;
using RagAgent.Core.Buffers;
using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.Vector;

namespace RagAgent.Core.Algorithms;

/// <summary>
/// Collects on-policy rollouts (SB3's <c>collect_rollouts</c>): batched forward over the vector env's current
/// observations, masked sampling, env step, truncation bootstrap and storage into a <see cref="RolloutBuffer"/>,
/// then GAE. It is the one source of the run's env-step count and episode statistics, and it owns how the envs'
/// state is kept for resuming (see <see cref="EnvStateMode"/>).
/// </summary>
/// <remarks>
/// Per vector step an observation is copied twice: the vector env writes each copy's observation into
/// <see cref="VectorStepResult.Observations"/>, the batch the policy reads; the collector stores that batch's rows in
/// the rollout buffer. The update's minibatch gather is the only other copy. Nothing is allocated per step.
/// </remarks>
public sealed class RolloutCollector
{
    private const string GlobalStepCounter = "global_step";
    private const string SeedCounter = "seed";
    private const string NumEnvsCounter = "num_envs";
    private const string RunningReturnsTensor = "running_returns";
    private const string RunningLengthsTensor = "running_lengths";
    private const string EpisodesPrefix = "episodes.";
    private const string EnvSnapshotTensor = "env_snapshot";
    private const string EnvActionsTensor = "env_actions";
    private readonly IVectorEnv _envs;
    private readonly ISnapshotVectorEnv? _snapshotEnvs;
    private readonly int _numEnvs;
    private readonly int _numActions;
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
    private readonly Observation _diagnosed;
    private ObservationBatch? _current;
    private int[] _actionLog = [];
    private int _replaySteps;
    private long _ticksEnv, _ticksForward, _ticksSampling, _ticksStorage, _ticksGae;

    /// <summary>Creates a collector over <paramref name="envs"/> for <paramref name="policy"/>.</summary>
    /// <param name="policy">The actor-critic that chooses the actions.</param>
    /// <param name="envs">A vector env, not yet stepped, whose spec has the policy's shape.</param>
    /// <param name="seed">Seed of the first reset (copy i gets <c>seed + i</c>).</param>
    /// <param name="statsWindowSize">Finished episodes averaged into <see cref="Episodes"/>' means.</param>
    /// <exception cref="ArgumentException">The envs' spec does not have the policy's shape (names the first difference).</exception>
    public RolloutCollector(IActorCritic policy, IVectorEnv envs, int seed, int statsWindowSize)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(envs);
        ArgumentOutOfRangeException.ThrowIfLessThan(statsWindowSize, 1);
        policy.Spec.RequireSameShape(envs.Spec, nameof(envs));
        Policy = policy;
        _envs = envs;
        _snapshotEnvs = envs is ISnapshotVectorEnv { SupportsSnapshots: true } snapshotEnvs ? snapshotEnvs : null;
        Seed = seed;
        _numEnvs = envs.NumEnvs;
        _numActions = policy.Spec.NumActions;
        _finals = new ObservationBatch(policy.Spec, _numEnvs);
        _logits = new float[_numEnvs * _numActions];
        _values = new float[_numEnvs];
        _finalValues = new float[_numEnvs];
        _finalBatchValues = new float[_numEnvs];
        _finalRows = new int[_numEnvs];
        _actions = new int[_numEnvs];
        _logProbs = new float[_numEnvs];
        _runningReturns = new float[_numEnvs];
        _runningLengths = new int[_numEnvs];
        _diagnosed = new Observation(policy.Spec);
        Episodes = new EpisodeStatsWindow(statsWindowSize);
    }

    /// <summary>How the collector keeps the envs' state for checkpoints.</summary>
    public EnvStateMode EnvStateMode => _snapshotEnvs is null ? EnvStateMode.ActionLog : EnvStateMode.Snapshot;

    /// <summary>The actor-critic that chooses the actions.</summary>
    public IActorCritic Policy { get; }

    /// <summary>Seed of the first reset.</summary>
    public int Seed { get; private set; }

    /// <summary>Number of env copies.</summary>
    public int NumEnvs => _numEnvs;

    /// <summary>Env steps so far, summed over the copies (<c>global_step</c>).</summary>
    public long GlobalStep { get; private set; }

    /// <summary>Statistics of the finished episodes (the window and the total count).</summary>
    public EpisodeStatsWindow Episodes { get; }

    /// <summary>True once the envs were reset (or restored).</summary>
    public bool Started => _current is not null;

    /// <summary>Where the collection's wall time went so far (the update's share is 0 here).</summary>
    public RolloutTimings Timings => new(
        Seconds(_ticksEnv), Seconds(_ticksForward), Seconds(_ticksSampling), Seconds(_ticksStorage), Seconds(_ticksGae), 0);

    /// <summary>Makes room in the action log for a run of <paramref name="totalSteps"/> env steps (no-op with snapshots).</summary>
    public void ReserveActionLog(long totalSteps)
    {
        if (_snapshotEnvs is null)
        {
            EnsureActionLogCapacity(totalSteps);
        }
    }

    /// <summary>
    /// Fills <paramref name="buffer"/> with its <c>NumSteps</c> vector steps from the current observations, then
    /// computes GAE with <paramref name="gamma"/> and <paramref name="gaeLambda"/>.
    /// </summary>
    /// <param name="buffer">A buffer of <c>[NumSteps, NumEnvs]</c>; cleared first.</param>
    /// <param name="samplerSeed">Seed of the action sampler for this rollout.</param>
    /// <param name="gamma">Discount γ.</param>
    /// <param name="gaeLambda">GAE λ.</param>
    public void Collect(RolloutBuffer buffer, long samplerSeed, float gamma, float gaeLambda)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.NumEnvs != _numEnvs)
        {
            throw new ArgumentException($"buffer has {buffer.NumEnvs} envs; the collector steps {_numEnvs}.", nameof(buffer));
        }

        ObservationBatch current = Start();
        int n = _numEnvs;
        buffer.Clear();
        bool logActions = _snapshotEnvs is null;
        if (logActions)
        {
            EnsureActionLogCapacity(GlobalStep + buffer.Size);
        }

        _sampler.Reseed(samplerSeed);
        for (int step = 0; step < buffer.NumSteps; step++)
        {
            long t0 = Stopwatch.GetTimestamp(), t1, t2;
            try
            {
                Policy.Forward(current, n, _logits, _values);
                t1 = Stopwatch.GetTimestamp();
                MaskedCategorical.SampleBatch(_logits, current.ActionMasks.AsSpan(0, n * _numActions), _numActions, _sampler, _actions, _logProbs);
                t2 = Stopwatch.GetTimestamp();
            }
            catch (ArgumentException e)
            {
                throw Diagnose(current, e);
            }

            int row = buffer.NextRow;
            for (int e = 0; e < n; e++)
            {
                current.CopyRowTo(e, buffer.Observations, row + e);
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
            try
            {
                buffer.Add(_actions, _logProbs, _values, result.Rewards, result.Terminated, result.Truncated, _finalValues);
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"Env '{_envs.Spec.Id}' at global step {GlobalStep}: {e.Message}", e);
            }

            RecordEpisodes(result);
            current = Current(result);
            long t6 = Stopwatch.GetTimestamp();
            _ticksForward += (t1 - t0) + (t5 - t4);
            _ticksSampling += t2 - t1;
            _ticksEnv += t4 - t3;
            _ticksStorage += (t3 - t2) + (t6 - t5);
        }

        long g0 = Stopwatch.GetTimestamp();
        Policy.Forward(current, n, _logits, _values);
        long g1 = Stopwatch.GetTimestamp();
        buffer.ComputeReturnsAndAdvantages(_values, gamma, gaeLambda);
        long g2 = Stopwatch.GetTimestamp();
        _ticksForward += g1 - g0;
        _ticksGae += g2 - g1;
    }

    /// <summary>
    /// Adds the collector's state to a checkpoint's trainer state: the counters <c>global_step</c>, <c>seed</c> and
    /// <c>num_envs</c>, the running episode returns and lengths, the episode window (<c>episodes.*</c>) and the envs'
    /// state (<c>env_snapshot</c> or <c>env_actions</c>, see <see cref="EnvStateMode"/>).
    /// </summary>
    public void ExportState(IDictionary<string, long> counters, ICollection<StateTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(tensors);
        counters[GlobalStepCounter] = GlobalStep;
        counters[SeedCounter] = Seed;
        counters[NumEnvsCounter] = _numEnvs;
        tensors.Add(StateTensor.Float32(RunningReturnsTensor, _runningReturns));
        tensors.Add(StateTensor.Int32(RunningLengthsTensor, _runningLengths));
        Episodes.Export(EpisodesPrefix, counters, tensors);
        if (Started && _snapshotEnvs is not null)
        {
            tensors.Add(StateTensor.UInt8(EnvSnapshotTensor, EnvSnapshot.ToBytes(_snapshotEnvs.SaveState)));
        }
        else
        {
            // Not started yet (nothing, or a restored log still to replay), or envs without snapshots.
            tensors.Add(StateTensor.Int32(EnvActionsTensor, _actionLog.AsSpan(0, (int)GlobalStep)));
        }
    }

    /// <summary>
    /// Restores state written by <see cref="ExportState"/> before the first rollout: an env snapshot is restored into
    /// the envs now; an action log is replayed on them by the next <see cref="Collect"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The envs were already stepped.</exception>
    /// <exception cref="InvalidDataException">The state was made with another number of envs, is incomplete, or holds
    /// an env snapshot that these envs cannot restore.</exception>
    public void ImportState(StateDict state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (Started)
        {
            throw new InvalidOperationException("Restore must happen before the collector's first rollout.");
        }

        long numEnvs = state.Counter(NumEnvsCounter, "Trainer");
        if (numEnvs != _numEnvs)
        {
            throw new InvalidDataException($"Checkpoint was trained with NumEnvs = {numEnvs}; these envs have {_numEnvs} copies.");
        }

        long globalStep = state.Counter(GlobalStepCounter, "Trainer");
        long seed = state.Counter(SeedCounter, "Trainer");
        if (globalStep < 0 || globalStep % _numEnvs != 0 || seed is < int.MinValue or > int.MaxValue)
        {
            throw new InvalidDataException($"Trainer state has global_step {globalStep} and seed {seed}; expected a non-negative multiple of {_numEnvs} and a 32-bit seed.");
        }

        float[] returns = state.Tensor(RunningReturnsTensor, "Trainer", _numEnvs).ToFloat32();
        int[] lengths = state.Tensor(RunningLengthsTensor, "Trainer", _numEnvs).ToInt32();
        int[] actions = [];
        if (!state.Contains(EnvSnapshotTensor))
        {
            if (globalStep > int.MaxValue)
            {
                throw new InvalidDataException($"Trainer state has global_step {globalStep}; an action log holds at most int.MaxValue env steps.");
            }

            actions = state.Tensor(EnvActionsTensor, "Trainer", (int)globalStep).ToInt32();
        }

        Episodes.Import(state, EpisodesPrefix);
        if (state.Contains(EnvSnapshotTensor))
        {
            RestoreEnvs(state.Tensor(EnvSnapshotTensor, "Trainer").ToUInt8());
        }

        Seed = (int)seed;
        GlobalStep = globalStep;
        returns.AsSpan().CopyTo(_runningReturns);
        lengths.AsSpan().CopyTo(_runningLengths);
        if (actions.Length > 0)
        {
            EnsureActionLogCapacity(globalStep);
            actions.AsSpan().CopyTo(_actionLog);
            _replaySteps = (int)(globalStep / _numEnvs);
        }
    }

    private void RestoreEnvs(byte[] snapshot)
    {
        if (_snapshotEnvs is null)
        {
            throw new InvalidDataException(
                $"Checkpoint holds a snapshot of its envs ('{EnvSnapshotTensor}'), but envs '{_envs.Spec.Id}' ({_envs.GetType().Name}) cannot restore "
                + "snapshots: every copy must implement ISnapshotEnv (wrappers included) in an ISnapshotVectorEnv. Resume with envs built as in the original run.");
        }

        Current(EnvSnapshot.FromBytes(snapshot, $"Vector env '{_envs.Spec.Id}'", _snapshotEnvs.RestoreState));
    }

    // Runs only after the forward pass or the sampler refused the batch: names the env copy, the global step and the
    // observation field that caused it, using the spec's one observation validator.
    private InvalidOperationException Diagnose(ObservationBatch current, ArgumentException error)
    {
        EnvSpec spec = _envs.Spec;
        for (int e = 0; e < _numEnvs; e++)
        {
            current.ReadRow(e, _diagnosed);
            IReadOnlyList<ObservationProblem> problems = spec.FindObservationProblems(_diagnosed);
            if (problems.Count > 0)
            {
                return new InvalidOperationException(
                    $"Env '{spec.Id}', copy {e}, at global step {GlobalStep}: {problems[0]} (the policy could not act on it: {error.Message})", error);
            }
        }

        return new InvalidOperationException($"Env '{spec.Id}' at global step {GlobalStep}: the policy could not act on the observations: {error.Message}", error);
    }

    private ObservationBatch Start()
    {
        if (_current is not null)
        {
            return _current;
        }

        VectorStepResult result = _envs.Reset(Seed);
        for (int s = 0; s < _replaySteps; s++)
        {
            result = _envs.Step(_actionLog.AsSpan(s * _numEnvs, _numEnvs));
        }

        _replaySteps = 0;
        if (_snapshotEnvs is not null)
        {
            _actionLog = [];
        }

        return Current(result);
    }

    private ObservationBatch Current(VectorStepResult result)
    {
        _current = result.Observations;
        return _current;
    }

    private void BootstrapTruncated(VectorStepResult result)
    {
        int count = 0;
        for (int e = 0; e < _numEnvs; e++)
        {
            _finalValues[e] = 0f;
            if (result.Truncated[e] && !result.Terminated[e])
            {
                result.FinalObservations.CopyRowTo(e, _finals, count);
                _finalRows[count++] = e;
            }
        }

        if (count == 0)
        {
            return;
        }

        Policy.Forward(_finals, count, _logits.AsSpan(0, count * _numActions), _finalBatchValues.AsSpan(0, count));
        for (int k = 0; k < count; k++)
        {
            _finalValues[_finalRows[k]] = _finalBatchValues[k];
        }
    }

    private void RecordEpisodes(VectorStepResult result)
    {
        for (int e = 0; e < _numEnvs; e++)
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
                Episodes.Add(episode.Return, episode.Length, episode.IsSuccess || info.IsSuccess);
            }
            else
            {
                Episodes.Add(_runningReturns[e], _runningLengths[e], info.IsSuccess);
            }

            _runningReturns[e] = 0f;
            _runningLengths[e] = 0;
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

    private static double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;
}
