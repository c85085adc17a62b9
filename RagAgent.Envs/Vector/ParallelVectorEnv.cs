using System.Runtime.ExceptionServices;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Vector;

/// <summary>
/// Steps its env copies on several threads, with same-step autoreset (see <see cref="IVectorEnv"/>). The copies are
/// split into contiguous blocks, one per worker; the calling thread works the first block and dedicated background
/// threads the others. Each copy is stepped exactly as <see cref="SyncVectorEnv"/> would step it, so both give
/// identical results for identical copies, seeds and actions. Allocates nothing per step beyond what the copies
/// allocate.
/// </summary>
/// <remarks>Pays off when one env step costs well above the cost of waking the workers (a few microseconds).</remarks>
public sealed class ParallelVectorEnv : IVectorEnv
{
    private readonly VectorEnvCopies _copies;
    private readonly int[] _blockStarts;
    private readonly Thread[] _threads;
    private readonly Barrier _barrier;
    private readonly int[] _actions;
    private readonly ExceptionDispatchInfo?[] _errors;
    private Command _command;
    private int? _seed;
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

        int workers = Math.Min(numWorkers ?? Environment.ProcessorCount, _copies.Count);
        NumWorkers = workers;
        _blockStarts = new int[workers + 1];
        for (int w = 0; w <= workers; w++)
        {
            _blockStarts[w] = (int)((long)_copies.Count * w / workers);
        }

        _actions = new int[_copies.Count];
        _errors = new ExceptionDispatchInfo?[workers];
        _barrier = new Barrier(workers);
        _threads = new Thread[workers - 1];
        for (int w = 1; w < workers; w++)
        {
            int worker = w;
            _threads[w - 1] = new Thread(() => WorkerLoop(worker))
            {
                IsBackground = true,
                Name = $"{nameof(ParallelVectorEnv)} worker {worker}",
            };
            _threads[w - 1].Start();
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
        _barrier.SignalAndWait();
        foreach (Thread thread in _threads)
        {
            thread.Join();
        }

        _barrier.Dispose();
        _copies.Dispose();
    }

    private void Run(Command command)
    {
        _command = command;
        _barrier.SignalAndWait();
        RunBlock(0);
        _barrier.SignalAndWait();
        for (int w = 0; w < _errors.Length; w++)
        {
            ExceptionDispatchInfo? error = _errors[w];
            if (error is not null)
            {
                Array.Clear(_errors);
                error.Throw();
            }
        }
    }

    private void WorkerLoop(int worker)
    {
        while (true)
        {
            _barrier.SignalAndWait();
            if (_command == Command.Exit)
            {
                return;
            }

            RunBlock(worker);
            _barrier.SignalAndWait();
        }
    }

    private void RunBlock(int worker)
    {
        try
        {
            int end = _blockStarts[worker + 1];
            if (_command == Command.Reset)
            {
                for (int i = _blockStarts[worker]; i < end; i++)
                {
                    _copies.Reset(i, _seed);
                }
            }
            else
            {
                for (int i = _blockStarts[worker]; i < end; i++)
                {
                    _copies.Step(i, _actions[i]);
                }
            }
        }
#pragma warning disable CA1031 // The error is handed to the calling thread and rethrown there.
        catch (Exception error)
#pragma warning restore CA1031
        {
            _errors[worker] = ExceptionDispatchInfo.Capture(error);
        }
    }
}
