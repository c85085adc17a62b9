using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Envs.SmartHome;

/// <summary>
/// <c>smart-home</c>: bring the devices of a home into a target scene ("movie-night", "away", ...) in few steps,
/// without tripping the circuit breaker, then declare "done".
/// </summary>
/// <remarks>
/// <para><b>World</b> (fixed by <see cref="SmartHomeOptions.WorldSeed"/>): <c>N</c> devices of kinds light, blind,
/// media, climate (device <c>i</c> has kind <c>i mod 4</c>) and the <see cref="SmartHomeScenes"/>, each asking a
/// <see cref="DeviceSetting"/> (off, low, high or any) per device; a fraction of the scenes is held out. The home has a
/// power budget <see cref="SmartHomeOptions.PowerBudget"/> (default 9): an online device draws 0 when off, 1 on low and
/// 2 on high; offline devices are unreachable and draw 0. Every scene's target draw fits the budget (see
/// <see cref="SmartHomeScenes"/>), but reaching it may need devices the scene does not care about switched off first,
/// and the order of the actions matters.</para>
/// <para><b>State</b>: per device power (on/off), level (low/high, kept while off) and online flag; the scene; the
/// step count. Reset draws the scene from the configured <see cref="GoalSplit"/>, each device's power and level
/// uniformly, and takes each device offline with <see cref="SmartHomeOptions.OfflineProbability"/>, then switches
/// random online devices off until the <see cref="Load"/> fits the budget; when that start already matches the scene,
/// one online device the scene cares about is moved off its target (switched off when its target is on; switched on
/// when its target is off, other random devices then being switched off until the load fits again).</para>
/// <para><b>Observation</b>: task id = scene id; goal features <c>[3N]</c> = per device (cares, target on, target
/// high); node ids = device index; node features <c>[N, 11]</c> = (kind one-hot ×4, online, on, level high, cares,
/// target on, target high, matches); globals <c>[3]</c> = (step / limit, fraction of online cared devices that match,
/// load / power budget).</para>
/// <para><b>Actions</b>: three per device (<c>ActionsPerNode = 3</c>): <see cref="Toggle"/> power,
/// <see cref="SetLow"/> and <see cref="SetHigh"/> (both switch the device on), then the extra action "done" (index
/// <c>3N</c>). <b>Mask</b>: every action of an offline device is forbidden, as are set-low on a device already on low
/// and set-high on a device already on high; "done" is always allowed. Actions that would trip the breaker are
/// allowed: avoiding them is part of the task.</para>
/// <para><b>Circuit breaker</b>: when a device action takes the load above the budget, every online device is switched
/// off (levels kept) and the action costs <see cref="SmartHomeOptions.TripPenalty"/> (1) more; the episode goes on
/// (<see cref="Trips"/> counts the trips).</para>
/// <para><b>Reward</b>: −<see cref="SmartHomeOptions.StepCost"/> (−0.05) per device action, plus
/// <see cref="SmartHomeOptions.ProgressReward"/> (+0.25) per online cared device that the step makes match the scene
/// (−0.25 per match it breaks, a trip included), −<see cref="SmartHomeOptions.TripPenalty"/> when the step trips the
/// breaker;
/// "done" gives +<see cref="SmartHomeOptions.MatchBonus"/> (+1) when every online device the scene cares about
/// matches, otherwise −<see cref="SmartHomeOptions.EarlyDonePenalty"/> (−0.1) and the episode goes on (a refused
/// "done" is no way out: when it ended the episode, PPO learned to quit at once). <b>Termination</b>: "done" on the
/// reached scene (<see cref="EnvInfo.IsSuccess"/>). <b>Truncation</b>: after
/// <see cref="SmartHomeOptions.EpisodeStepLimit"/> steps (default <c>3N</c>).</para>
/// </remarks>
public sealed partial class SmartHomeEnv : ISnapshotEnv
{
    /// <summary>Registry id.</summary>
    public const string Id = "smart-home";

    /// <summary>Per-device choice: toggle power.</summary>
    public const int Toggle = 0;

    /// <summary>Per-device choice: switch on at low level.</summary>
    public const int SetLow = 1;

    /// <summary>Per-device choice: switch on at high level.</summary>
    public const int SetHigh = 2;

    /// <summary>Choices per device.</summary>
    public const int ChoicesPerDevice = 3;

    /// <summary>First node feature: one-hot kind (4 entries, <see cref="DeviceKind"/> order).</summary>
    public const int FeatureKind = 0;

    /// <summary>Node feature: 1 when the device is online.</summary>
    public const int FeatureOnline = 4;

    /// <summary>Node feature: 1 when the device is on.</summary>
    public const int FeatureOn = 5;

    /// <summary>Node feature: 1 when the device's level is high.</summary>
    public const int FeatureHigh = 6;

    /// <summary>Node feature: 1 when the scene cares about the device.</summary>
    public const int FeatureCares = 7;

    /// <summary>Node feature: 1 when the scene wants the device on.</summary>
    public const int FeatureTargetOn = 8;

    /// <summary>Node feature: 1 when the scene wants the device on high.</summary>
    public const int FeatureTargetHigh = 9;

    /// <summary>Node feature: 1 when the device matches the scene (always 1 when the scene does not care).</summary>
    public const int FeatureMatches = 10;

    /// <summary>Length of a node feature row.</summary>
    public const int NodeFeatureCount = 11;

    /// <summary>Info value (<see cref="EnvInfo.Values"/>): power drawn after the step (low draws 1, high 2).</summary>
    public const string InfoLoad = "load";

    /// <summary>Info value: 1 when the breaker tripped on this step, else 0.</summary>
    public const string InfoTripped = "tripped";

    /// <summary>Info value: devices the scene cares about that are not yet in their target state.</summary>
    public const string InfoMismatched = "mismatched";

    private const int SnapshotVersion = 1;

    private readonly SmartHomeOptions _options;
    private readonly GoalPool _goals;
    private readonly EnvRandom _random;
    private readonly Observation _observation;
    private readonly InfoValues _info;
    private readonly int _limit;
    private readonly bool[] _on;
    private readonly bool[] _high;
    private readonly bool[] _online;
    private int _scene;
    private int _mismatched;
    private int _cared;
    private int _steps;
    private int _load;
    private int _trips;
    private bool _running;

    /// <summary>Builds the world of <paramref name="options"/> (default options when null).</summary>
    public SmartHomeEnv(SmartHomeOptions? options = null)
    {
        _options = options ?? new SmartHomeOptions();
        _options.Validate();
        int n = _options.NumDevices;
        Scenes = SmartHomeScenes.Generate(_options, new EnvRandom(_options.WorldSeed));
        _goals = new GoalPool(_options.NumScenes, _options.HeldOutFraction, _options.WorldSeed);
        _random = new EnvRandom(_options.WorldSeed ^ 0x510E527FL);
        _limit = _options.EpisodeStepLimit;
        _on = new bool[n];
        _high = new bool[n];
        _online = new bool[n];
        DoneAction = n * ChoicesPerDevice;
        Spec = new EnvSpec
        {
            Id = Id,
            NumTasks = _options.NumScenes,
            GoalFeatureSize = 3 * n,
            MaxNodes = n,
            NodeVocabSize = n,
            NodeFeatureSize = NodeFeatureCount,
            GlobalFeatureSize = 3,
            GoalFeatureBounds = FeatureBounds.UnitInterval, // cares / target on / target high flags
            NodeFeatureBounds = FeatureBounds.UnitInterval, // one-hot kind and flags

            // Elapsed fraction, matched fraction and load / budget; the load reaches at most 2 per device.
            GlobalBounds = new FeatureBounds(0f, MathF.Max(1f, 2f * n / _options.PowerBudget)),
            ActionsPerNode = ChoicesPerDevice,
            ExtraActions = 1,
            MaxEpisodeSteps = _limit,
            InfoKeys = [InfoLoad, InfoTripped, InfoMismatched],
        };
        _observation = new Observation(Spec);
        _info = new InfoValues(Spec);
        for (int d = 0; d < n; d++)
        {
            _observation.NodeIds[d] = d;
            _observation.NodeFeatures[(d * NodeFeatureCount) + FeatureKind + (int)SmartHomeScenes.Kind(d)] = 1f;
        }
    }

    /// <summary>Creates the env as an <see cref="IEnv"/>.</summary>
    public static IEnv Create(SmartHomeOptions? options = null) => new SmartHomeEnv(options);

    /// <inheritdoc />
    public EnvSpec Spec { get; }

    /// <summary>The options in force.</summary>
    public SmartHomeOptions Options => _options;

    /// <summary>The fixed scenes of this world.</summary>
    public SmartHomeScenes Scenes { get; }

    /// <summary>The train / held-out split of scenes.</summary>
    public GoalPool Goals => _goals;

    /// <summary>Index of the "done" action (<c>3 × NumDevices</c>).</summary>
    public int DoneAction { get; }

    /// <summary>Scene of the episode.</summary>
    public int SceneId => _scene;

    /// <summary>True when every online device the scene cares about matches it.</summary>
    public bool SceneReached => _mismatched == 0;

    /// <summary>Total draw of the online devices (0 off, 1 low, 2 high each); never above the power budget between steps.</summary>
    public float Load => _load;

    /// <summary>Number of times the circuit breaker tripped this episode.</summary>
    public int Trips => _trips;

    /// <summary>Current setting of <paramref name="device"/> (off, low or high).</summary>
    public DeviceSetting Setting(int device) => !_on[device] ? DeviceSetting.Off : _high[device] ? DeviceSetting.High : DeviceSetting.Low;

    /// <summary>True when <paramref name="device"/> is online this episode.</summary>
    public bool IsOnline(int device) => _online[device];

    /// <inheritdoc />
    public ResetResult Reset(int? seed = null)
    {
        if (seed.HasValue)
        {
            _random.Reseed(seed.Value);
        }

        int n = _options.NumDevices;
        _scene = _goals.Sample(_options.Goals, _random);
        _load = 0;
        for (int d = 0; d < n; d++)
        {
            _online[d] = _random.NextFloat() >= _options.OfflineProbability;
            _on[d] = _random.NextFloat() < 0.5f;
            _high[d] = _random.NextFloat() < 0.5f;
            _load += DeviceDraw(d);
        }

        SwitchOffUntilWithinBudget(keep: -1);
        CountMismatches();
        if (_mismatched == 0 && _cared > 0)
        {
            MoveOneCaredDeviceOffTarget();
            CountMismatches();
        }

        _steps = 0;
        _trips = 0;
        _running = true;
        Observation o = _observation;
        o.TaskId = _scene;
        for (int d = 0; d < n; d++)
        {
            DeviceSetting target = Scenes.Target(_scene, d);
            float cares = target == DeviceSetting.Any ? 0f : 1f;
            float targetOn = target is DeviceSetting.Low or DeviceSetting.High ? 1f : 0f;
            float targetHigh = target == DeviceSetting.High ? 1f : 0f;
            o.GoalFeatures[(3 * d) + 0] = cares;
            o.GoalFeatures[(3 * d) + 1] = targetOn;
            o.GoalFeatures[(3 * d) + 2] = targetHigh;
            int row = d * NodeFeatureCount;
            o.NodeFeatures[row + FeatureOnline] = _online[d] ? 1f : 0f;
            o.NodeFeatures[row + FeatureCares] = cares;
            o.NodeFeatures[row + FeatureTargetOn] = targetOn;
            o.NodeFeatures[row + FeatureTargetHigh] = targetHigh;
            WriteDevice(d);
        }

        o.ActionMask[DoneAction] = true;
        WriteGlobals();
        return new ResetResult(o, new EnvInfo(false) { Values = WriteInfo(tripped: false) });
    }

    /// <inheritdoc />
    public StepResult Step(int action)
    {
        StepGuard.ThrowIfCannotStep(Spec, _running, action, _observation.ActionMask);
        _steps++;
        if (action == DoneAction)
        {
            bool matched = _mismatched == 0;
            bool limit = !matched && _steps >= _limit;
            _running = !matched && !limit;
            WriteGlobals();
            return new StepResult(
                _observation, matched ? _options.MatchBonus : -_options.EarlyDonePenalty, matched, limit, new EnvInfo(matched) { Values = WriteInfo(tripped: false) });
        }

        int device = action / ChoicesPerDevice;
        int mismatchedBefore = _mismatched;
        bool matchedBefore = Matches(device);
        _load -= DeviceDraw(device);
        switch (action % ChoicesPerDevice)
        {
            case Toggle:
                _on[device] = !_on[device];
                break;
            case SetLow:
                _on[device] = true;
                _high[device] = false;
                break;
            default:
                _on[device] = true;
                _high[device] = true;
                break;
        }

        _load += DeviceDraw(device);
        _mismatched -= (Matches(device) ? 1 : 0) - (matchedBefore ? 1 : 0);
        WriteDevice(device);
        bool tripped = _load > _options.PowerBudget;
        if (tripped)
        {
            TripBreaker();
        }

        WriteGlobals();
        bool truncated = _steps >= _limit;
        _running = !truncated;
        float reward = (_options.ProgressReward * (mismatchedBefore - _mismatched)) - _options.StepCost - (tripped ? _options.TripPenalty : 0f);
        return new StepResult(_observation, reward, false, truncated, new EnvInfo(false) { Values = WriteInfo(tripped) });
    }

    /// <inheritdoc />
    public bool SupportsSnapshots => true;

    /// <summary>Saves the per-device power, level and online flags, the scene, the match counts, the step count, the
    /// load, the trips, whether an episode runs, the random state and the observation.</summary>
    public void SaveState(BinaryWriter writer)
    {
        var snapshot = new SnapshotWriter(writer, Id, SnapshotVersion);
        snapshot.Write(_on);
        snapshot.Write(_high);
        snapshot.Write(_online);
        snapshot.Write(_scene);
        snapshot.Write(_mismatched);
        snapshot.Write(_cared);
        snapshot.Write(_steps);
        snapshot.Write(_load);
        snapshot.Write(_trips);
        snapshot.Write(_running);
        _random.SaveState(writer);
        snapshot.Write(_observation);
    }

    /// <inheritdoc />
    public Observation RestoreState(BinaryReader reader)
    {
        var snapshot = new SnapshotReader(reader, Id, SnapshotVersion);
        int n = _options.NumDevices;
        snapshot.ReadBooleans("on", _on);
        snapshot.ReadBooleans("high", _high);
        snapshot.ReadBooleans("online", _online);
        _scene = snapshot.ReadInt32("scene", 0, _options.NumScenes - 1);
        _mismatched = snapshot.ReadInt32("mismatched", 0, n);
        _cared = snapshot.ReadInt32("cared", 0, n);
        _steps = snapshot.ReadInt32("steps", 0, _limit);
        _load = snapshot.ReadInt32("load", 0, 2 * n);
        _trips = snapshot.ReadInt32("trips", 0);
        _running = snapshot.ReadBoolean("running");
        snapshot.ReadNested("random", _random.RestoreState);
        snapshot.ReadObservation("observation", _observation);
        return _observation;
    }

    private bool Matches(int device)
    {
        DeviceSetting target = Scenes.Target(_scene, device);
        return !_online[device] || target == DeviceSetting.Any || target == Setting(device);
    }

    private void CountMismatches()
    {
        _mismatched = 0;
        _cared = 0;
        for (int d = 0; d < _options.NumDevices; d++)
        {
            if (_online[d] && Scenes.Target(_scene, d) != DeviceSetting.Any)
            {
                _cared++;
                _mismatched += Matches(d) ? 0 : 1;
            }
        }
    }

    private void WriteDevice(int device)
    {
        int row = device * NodeFeatureCount;
        float[] f = _observation.NodeFeatures;
        f[row + FeatureOn] = _on[device] ? 1f : 0f;
        f[row + FeatureHigh] = _high[device] ? 1f : 0f;
        DeviceSetting target = Scenes.Target(_scene, device);
        f[row + FeatureMatches] = target == DeviceSetting.Any || target == Setting(device) ? 1f : 0f;
        int first = device * ChoicesPerDevice;
        bool online = _online[device];
        DeviceSetting setting = Setting(device);
        _observation.ActionMask[first + Toggle] = online;
        _observation.ActionMask[first + SetLow] = online && setting != DeviceSetting.Low;
        _observation.ActionMask[first + SetHigh] = online && setting != DeviceSetting.High;
    }

    private void WriteGlobals()
    {
        _observation.Globals[0] = (float)_steps / _limit;
        _observation.Globals[1] = _cared == 0 ? 1f : (float)(_cared - _mismatched) / _cared;
        _observation.Globals[2] = _load / _options.PowerBudget;
    }

    private InfoValues WriteInfo(bool tripped)
    {
        _info[0] = _load;
        _info[1] = tripped ? 1f : 0f;
        _info[2] = _mismatched;
        return _info;
    }
}
