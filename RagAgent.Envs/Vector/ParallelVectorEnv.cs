using System.Runtime.ExceptionServices;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Vector;

/// <summary>
/// Steps its env copies on several threads, with same-step autoreset (see <see cref="IVectorEnv"/>). Each step,
/// the calling thread and background worker threads claim copies one at a time from a shared counter until all are
/// claimed; the calling thread then waits for the copies still running on workers. A worker that wakes up late
/// finds nothing left to claim, so on a busy machine the env degrades towards <see cref="SyncVectorEnv"/> instead of
/// waiting for threads to be scheduled. Each copy is stepped exactly as <see cref="SyncVectorEnv"/> would step it,
/// so both give identical results for identical copies, seeds and actions. Allocates nothing per step beyond what
/// the copies allocate.
/// </summary>
/// <remarks>
/// Pays off when one env step costs well above the cost of waking a worker (microseconds). Not thread-safe: call it
/// from one thread at a time. Dispose it to stop its worker threads.
/// </remarks>
public sealed class ParallelVectorEnv : ISnapshotVectorEnv
{
    private const int WorkerSpinsBeforeBlocking = 20;

    private readonly VectorEnvCopies _copies;
    private readonly Thread[] _threads;
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly int[] _actions;
    private readonly ExceptionDispatchInfo?[] _errors;
    private Command _command;
    private int? _seed;
    private int _generation;
    private int _nextCopy;
    private int _completedCopies;
    private bool _started;
    private bool _disposed;

    /// <summary>Takes ownership of <paramref name="envs"/>: distinct env objects with one spec.</summary>
    /// <param name="envs">The copies.</param>
    /// <param name="numWorkers">Threads stepping the copies, the calling thread included; defaults to the processor count, at most one per copy.</param>
    public ParallelVectorEnv(IReadOnlyList<IEnv> envs, int? numWorkers = null)
    {
        _copies = new VectorEnvCopies(envs, nameof(ParallelVectorEnv));
        if (numWorkers is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numWorkers), numWorkers, "numWorkers must be positive when set.");
        }

        NumWorkers = Math.Min(numWorkers ?? Environment.ProcessorCount, _copies.Count);
        _actions = new int[_copies.Count];
        _errors = new ExceptionDispatchInfo?[_copies.Count];
        _nextCopy = _copies.Count;
        _threads = new Thread[NumWorkers - 1];
        for (int w = 0; w < _threads.Length; w++)
        {
            _threads[w] = new Thread(WorkerLoop)
            {
                IsBackground = true,
                Name = $"{nameof(ParallelVectorEnv)} worker {w + 1}",
            };
            _threads[w].Start();
        }
    }

    private enum Command
    {
        Reset,
        Step,
        Exit,
    }

    /// <inheritdoc />
    public EnvSpec Spec => _copies.Spec;

    /// <inheritdoc />
    public int NumEnvs => _copies.Count;

    /// <summary>Threads stepping the copies, the calling thread included.</summary>
    public int NumWorkers { get; }

    /// <inheritdoc />
    public VectorStepResult Reset(int? seed = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _seed = seed;
        Run(Command.Reset);
        _started = true;
        return _copies.Result;
    }

    /// <inheritdoc />
    public bool SupportsSnapshots => _copies.SupportsSnapshots;

    /// <inheritdoc />
    public void SaveState(BinaryWriter writer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _copies.SaveState(writer, _started);
    }

    /// <inheritdoc />
    public VectorStepResult RestoreState(BinaryReader reader)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _copies.RestoreState(reader);
        _started = true;
        return _copies.Result;
    }

    /// <inheritdoc />
    public VectorStepResult Step(ReadOnlySpan<int> actions)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        VectorEnvGuards.ThrowIfCannotStep(_started, actions, _copies.Count, nameof(ParallelVectorEnv));
        actions.CopyTo(_actions);
        Run(Command.Step);
        return _copies.Result;
    }

    /// <summary>Stops the worker threads and disposes the copies that are disposable.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _command = Command.Exit;
        Interlocked.Increment(ref _generation);
        _wake.Set();
        foreach (Thread thread in _threads)
        {
            thread.Join();
        }

        _wake.Dispose();
        _copies.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="command"/> on every copy. The command, seed and actions are written before the claim
    /// counter is reset, so a worker that claims a copy index below <see cref="NumEnvs"/> sees them; every claimed copy
    /// completes before this method returns, so no work of one call overlaps the next.
    /// </summary>
    private void Run(Command command)
    {
        _command = command;
        Volatile.Write(ref _completedCopies, 0);
        Volatile.Write(ref _nextCopy, 0);
        Interlocked.Increment(ref _generation);
        if (_threads.Length > 0)
        {
            _wake.Set();
        }

        ClaimAndRunCopies();
        var spin = default(SpinWait);
        while (Volatile.Read(ref _completedCopies) < _copies.Count)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        _wake.Reset();
        ThrowFirstError();
    }

    private void WorkerLoop()
    {
        int seenGeneration = 0;
        while (true)
        {
            var spin = default(SpinWait);
            while (Volatile.Read(ref _generation) == seenGeneration)
            {
                if (spin.Count < WorkerSpinsBeforeBlocking)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }
                else
                {
                    // A missed wake-up only delays this worker: the calling thread claims the copies itself.
                    _wake.Wait();
                }
            }

            seenGeneration = Volatile.Read(ref _generation);
            if (_command == Command.Exit)
            {
                return;
            }

            ClaimAndRunCopies();
        }
    }

    private void ClaimAndRunCopies()
    {
        int count = _copies.Count;
        int index;
        while ((index = Interlocked.Increment(ref _nextCopy) - 1) < count)
        {
            try
            {
                if (_command == Command.Reset)
                {
                    _copies.Reset(index, _seed);
                }
                else
                {
                    _copies.Step(index, _actions[index]);
                }
            }
#pragma warning disable CA1031 // The error is handed to the calling thread and rethrown there.
            catch (Exception error)
#pragma warning restore CA1031
            {
                _errors[index] = ExceptionDispatchInfo.Capture(error);
            }

            Interlocked.Increment(ref _completedCopies);
        }
    }

    private void ThrowFirstError()
    {
        for (int i = 0; i < _errors.Length; i++)
        {
            ExceptionDispatchInfo? error = _errors[i];
            if (error is not null)
            {
                Array.Clear(_errors);
                error.Throw();
            }
        }
    }
}
