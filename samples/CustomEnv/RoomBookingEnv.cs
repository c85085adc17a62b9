using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace CustomEnv;

/// <summary>
/// <c>room-booking</c>, a small multi-goal env written outside the library: a request (the task) asks for a meeting
/// room with at least some seats and maybe a projector or a whiteboard; the agent books one of the rooms on offer.
/// </summary>
/// <remarks>
/// <para><b>Tasks</b> (<see cref="Requests"/>): six request kinds, for example "6+ seats with a projector". The task
/// id is the request kind; the goal features repeat it as numbers (seats / 10, needs projector, needs whiteboard).</para>
/// <para><b>Nodes</b>: <see cref="Rooms"/> rooms (default <see cref="DefaultRooms"/>; the registry argument
/// <c>rooms</c>, from the command line <c>--env-arg rooms=12</c>) drawn at every reset, each with features (seats / 10, projector,
/// whiteboard, already tried). At least one room fits the request.</para>
/// <para><b>Actions</b>: one per room (book it). <b>Mask</b>: rooms not tried yet in this episode.</para>
/// <para><b>Reward</b>: +1 for booking a room that fits (the episode terminates, success), −0.1 for one that does not.
/// <b>Truncation</b>: after <see cref="StepLimit"/> bookings.</para>
/// <para><b>Snapshots</b> (<see cref="ISnapshotEnv"/>, optional): saving the rooms, the request, the step count, the
/// random state and the observation lets training checkpoints store the env's state instead of every action taken.</para>
/// </remarks>
public sealed class RoomBookingEnv : ISnapshotEnv
{
    /// <summary>Registry id.</summary>
    public const string Id = "room-booking";

    /// <summary>Rooms on offer in every episode unless the <c>rooms</c> argument says otherwise.</summary>
    public const int DefaultRooms = 8;

    /// <summary>Most rooms an env may offer.</summary>
    public const int MaxRooms = 16;

    /// <summary>Bookings allowed before the episode is cut.</summary>
    public const int StepLimit = 4;

    private const int FeatureSeats = 0;
    private const int FeatureProjector = 1;
    private const int FeatureWhiteboard = 2;
    private const int FeatureTried = 3;
    private const int FeatureCount = 4;
    private const int SnapshotVersion = 1;

    private readonly EnvRandom _random;
    private readonly Observation _observation;
    private readonly int[] _seats;
    private readonly bool[] _projector;
    private readonly bool[] _whiteboard;
    private int _task;
    private Request _request;
    private int _steps;
    private bool _running;

    /// <summary>Creates the env; <paramref name="seed"/> starts its random stream (each <see cref="Reset"/> seed restarts it).</summary>
    /// <param name="seed">Seed of the random stream.</param>
    /// <param name="rooms">Rooms on offer in every episode, 1 to <see cref="MaxRooms"/>.</param>
    public RoomBookingEnv(long seed = 0, int rooms = DefaultRooms)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rooms, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rooms, MaxRooms);
        _random = new EnvRandom(seed);
        Rooms = rooms;
        _seats = new int[rooms];
        _projector = new bool[rooms];
        _whiteboard = new bool[rooms];
        Spec = new EnvSpec
        {
            Id = Id,
            NumTasks = Requests.Count,
            GoalFeatureSize = 3,
            MaxNodes = rooms,
            NodeFeatureSize = FeatureCount,
            GoalFeatureBounds = FeatureBounds.UnitInterval, // seats / 10 (at most 10 requested) and two flags
            NodeFeatureBounds = new FeatureBounds(0f, 1.2f), // seats / 10 (at most 12 per room) and three flags
            ActionsPerNode = 1,
            MaxEpisodeSteps = StepLimit,
            RewardThreshold = 0.9f,
        };
        _observation = new Observation(Spec);
    }

    /// <summary>Rooms on offer in every episode (the spec's <c>MaxNodes</c>).</summary>
    public int Rooms { get; }

    /// <summary>The request kinds; the task id indexes this list.</summary>
    public static IReadOnlyList<Request> Requests { get; } =
    [
        new(Seats: 2, Projector: false, Whiteboard: false),
        new(Seats: 6, Projector: false, Whiteboard: false),
        new(Seats: 10, Projector: false, Whiteboard: false),
        new(Seats: 2, Projector: true, Whiteboard: false),
        new(Seats: 6, Projector: true, Whiteboard: false),
        new(Seats: 4, Projector: false, Whiteboard: true),
    ];

    /// <inheritdoc />
    public EnvSpec Spec { get; }

    /// <inheritdoc />
    public ResetResult Reset(int? seed = null)
    {
        if (seed is int value)
        {
            _random.Reseed(value);
        }

        _task = _random.NextInt(Requests.Count);
        _request = Requests[_task];
        for (int room = 0; room < Rooms; room++)
        {
            _seats[room] = 2 * _random.NextInt(1, 7); // 2, 4, ..., 12 seats
            _projector[room] = _random.NextDouble() < 0.4;
            _whiteboard[room] = _random.NextDouble() < 0.4;
        }

        if (!Enumerable.Range(0, Rooms).Any(Fits))
        {
            // Make one random room fit, so every episode can succeed.
            int room = _random.NextInt(Rooms);
            _seats[room] = Math.Max(_seats[room], _request.Seats);
            _projector[room] |= _request.Projector;
            _whiteboard[room] |= _request.Whiteboard;
        }

        _observation.TaskId = _task;
        _observation.GoalFeatures[0] = _request.Seats / 10f;
        _observation.GoalFeatures[1] = _request.Projector ? 1f : 0f;
        _observation.GoalFeatures[2] = _request.Whiteboard ? 1f : 0f;
        for (int room = 0; room < Rooms; room++)
        {
            Span<float> row = _observation.NodeFeatures.AsSpan(room * FeatureCount, FeatureCount);
            row[FeatureSeats] = _seats[room] / 10f;
            row[FeatureProjector] = _projector[room] ? 1f : 0f;
            row[FeatureWhiteboard] = _whiteboard[room] ? 1f : 0f;
            row[FeatureTried] = 0f;
            _observation.ActionMask[room] = true;
        }

        _steps = 0;
        _running = true;
        return new ResetResult(_observation, default);
    }

    /// <inheritdoc />
    public StepResult Step(int action)
    {
        StepGuard.ThrowIfCannotStep(Spec, _running, action, _observation.ActionMask);
        _steps++;
        if (Fits(action))
        {
            _running = false;
            return new StepResult(_observation, 1f, Terminated: true, Truncated: false, new EnvInfo(IsSuccess: true));
        }

        _observation.ActionMask[action] = false;
        _observation.NodeFeatures[(action * FeatureCount) + FeatureTried] = 1f;
        bool truncated = _steps >= StepLimit;
        _running = !truncated;
        return new StepResult(_observation, -0.1f, Terminated: false, truncated, new EnvInfo(IsSuccess: false));
    }

    /// <inheritdoc />
    public bool SupportsSnapshots => true;

    /// <inheritdoc />
    public void SaveState(BinaryWriter writer)
    {
        var snapshot = new SnapshotWriter(writer, Id, SnapshotVersion);
        snapshot.Write(_seats);
        snapshot.Write(_projector);
        snapshot.Write(_whiteboard);
        snapshot.Write(_task);
        snapshot.Write(_steps);
        snapshot.Write(_running);
        _random.SaveState(writer);
        snapshot.Write(_observation);
    }

    /// <inheritdoc />
    public Observation RestoreState(BinaryReader reader)
    {
        var snapshot = new SnapshotReader(reader, Id, SnapshotVersion);
        snapshot.ReadInt32s("seats", _seats, 0, 12);
        snapshot.ReadBooleans("projector", _projector);
        snapshot.ReadBooleans("whiteboard", _whiteboard);
        _task = snapshot.ReadInt32("task", 0, Requests.Count - 1);
        _request = Requests[_task];
        _steps = snapshot.ReadInt32("steps", 0, StepLimit);
        _running = snapshot.ReadBoolean("running");
        snapshot.ReadNested("random", _random.RestoreState);
        snapshot.ReadObservation("observation", _observation);
        return _observation;
    }

    private bool Fits(int room) =>
        _seats[room] >= _request.Seats && (!_request.Projector || _projector[room]) && (!_request.Whiteboard || _whiteboard[room]);

    /// <summary>A request kind: the seats needed and the equipment the room must have.</summary>
    /// <param name="Seats">Minimum number of seats.</param>
    /// <param name="Projector">The room must have a projector.</param>
    /// <param name="Whiteboard">The room must have a whiteboard.</param>
    public readonly record struct Request(int Seats, bool Projector, bool Whiteboard);
}
