using System.Runtime.ExceptionServices;

namespace RagAgent.Core.Tensors.Kernels;

/// <summary>
/// Splits one product by rows of C over the calling thread and dedicated background workers. Every row range is
/// computed with exactly the arithmetic of the single-threaded run (<see cref="GemmDispatch"/> chooses kernels from
/// the whole product's shape, ranges start at multiples of <see cref="RowAlignment"/>), so the result is bit-identical
/// to it. Workers are started once and reused; a call allocates nothing after that. One parallel product runs at a
/// time: a concurrent caller computes its product on its own thread.
/// </summary>
internal static class GemmParallel
{
    /// <summary>Row ranges start at multiples of this, a multiple of every kernel's row group.</summary>
    public const int RowAlignment = 64;

    private static readonly Lock Gate = new();
    private static Worker[] workers = [];

    /// <summary>Computes the whole product with up to <paramref name="degreeOfParallelism"/> threads.</summary>
    public static void Run(KernelPath path, in GemmOperands op, int degreeOfParallelism)
    {
        int rowsPerPart = RoundUp((op.M + degreeOfParallelism - 1) / degreeOfParallelism, RowAlignment);
        int parts = (op.M + rowsPerPart - 1) / rowsPerPart;
        if (parts <= 1 || !Gate.TryEnter())
        {
            GemmDispatch.Run(path, op, 0, op.M);
            return;
        }

        try
        {
            if (workers.Length < parts - 1)
            {
                StartWorkers(parts - 1);
            }

            for (int part = 1; part < parts; part++)
            {
                workers[part - 1].Start(path, op, part * rowsPerPart, Math.Min(op.M, (part + 1) * rowsPerPart));
            }

            try
            {
                GemmDispatch.Run(path, op, 0, rowsPerPart);
            }
            finally
            {
                // The operands point into buffers pinned by the caller: wait for every worker before returning.
                for (int part = 1; part < parts; part++)
                {
                    workers[part - 1].Wait();
                }
            }

            for (int part = 1; part < parts; part++)
            {
                workers[part - 1].ThrowIfFailed();
            }
        }
        finally
        {
            Gate.Exit();
        }
    }

    private static void StartWorkers(int count)
    {
        var started = new Worker[count];
        workers.CopyTo(started, 0);
        for (int i = workers.Length; i < count; i++)
        {
            started[i] = new Worker(i + 1);
        }

        workers = started;
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>A background thread that runs one row range at a time, handed over under a monitor.</summary>
    private sealed class Worker
    {
        private readonly object sync = new();
        private GemmOperands operands;
        private KernelPath path;
        private int rowStart;
        private int rowEnd;
        private bool pending;
        private bool done = true;
        private ExceptionDispatchInfo? failure;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"RagAgent MatMul worker {index}" };
            thread.Start();
        }

        public void Start(KernelPath kernelPath, in GemmOperands op, int start, int end)
        {
            lock (sync)
            {
                operands = op;
                path = kernelPath;
                rowStart = start;
                rowEnd = end;
                failure = null;
                done = false;
                pending = true;
                Monitor.PulseAll(sync);
            }
        }

        public void Wait()
        {
            lock (sync)
            {
                while (!done)
                {
                    Monitor.Wait(sync);
                }
            }
        }

        public void ThrowIfFailed() => failure?.Throw();

        private void Loop()
        {
            while (true)
            {
                lock (sync)
                {
                    while (!pending)
                    {
                        Monitor.Wait(sync);
                    }

                    pending = false;
                }

                ExceptionDispatchInfo? error = null;
                try
                {
                    GemmDispatch.Run(path, operands, rowStart, rowEnd);
                }
#pragma warning disable CA1031 // Any failure is handed back to the calling thread and rethrown there.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    error = ExceptionDispatchInfo.Capture(exception);
                }

                lock (sync)
                {
                    failure = error;
                    done = true;
                    Monitor.PulseAll(sync);
                }
            }
        }
    }
}
