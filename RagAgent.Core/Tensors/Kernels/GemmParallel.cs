using System.Runtime.ExceptionServices;

namespace RagAgent.Core.Tensors.Kernels;

/// <summary>
/// Splits one product by rows of C into blocks that the calling thread and dedicated background workers claim one
/// at a time. Every block is computed with exactly the arithmetic of the single-threaded run
/// (<see cref="GemmDispatch"/> chooses kernels from the whole product's shape, blocks start at multiples of
/// <see cref="RowAlignment"/>), so the result is bit-identical to it. On a busy machine a worker that has not started
/// by the time the caller runs out of blocks is called off, so a late worker costs at most one block of waiting.
/// Workers are started once and reused; a call allocates nothing after that. One parallel product runs at a time:
/// a concurrent caller computes its product on its own thread.
/// </summary>
internal static class GemmParallel
{
    /// <summary>Row blocks start at multiples of this, a multiple of every kernel's row group.</summary>
    public const int RowAlignment = 64;

    /// <summary>Blocks per thread: a little slack for a worker that starts late.</summary>
    private const int BlocksPerThread = 2;

    private static readonly Lock Gate = new();
    private static Worker[] workers = [];
    private static GemmOperands operands;
    private static KernelPath kernelPath;
    private static int blockRows;
    private static int blockCount;
    private static int nextBlock;

    /// <summary>Computes the whole product with up to <paramref name="degreeOfParallelism"/> threads.</summary>
    public static void Run(KernelPath path, in GemmOperands op, int degreeOfParallelism)
    {
        int rows = RoundUp((op.M + (BlocksPerThread * degreeOfParallelism) - 1) / (BlocksPerThread * degreeOfParallelism), RowAlignment);
        int blocks = (op.M + rows - 1) / rows;
        int helpers = Math.Min(degreeOfParallelism, blocks) - 1;
        if (helpers < 1 || !Gate.TryEnter())
        {
            GemmDispatch.Run(path, op, 0, op.M);
            return;
        }

        try
        {
            if (workers.Length < helpers)
            {
                StartWorkers(helpers);
            }

            operands = op;
            kernelPath = path;
            blockRows = rows;
            blockCount = blocks;
            nextBlock = 0;
            for (int i = 0; i < helpers; i++)
            {
                workers[i].Start();
            }

            try
            {
                RunBlocks();
            }
            finally
            {
                // The operands point into buffers pinned by the caller: no worker may still be reading them on return.
                for (int i = 0; i < helpers; i++)
                {
                    workers[i].CallOffOrWait();
                }
            }

            for (int i = 0; i < helpers; i++)
            {
                workers[i].ThrowIfFailed();
            }
        }
        finally
        {
            Gate.Exit();
        }
    }

    /// <summary>Claims and computes blocks until none is left.</summary>
    private static void RunBlocks()
    {
        int block;
        while ((block = Interlocked.Increment(ref nextBlock) - 1) < blockCount)
        {
            int start = block * blockRows;
            GemmDispatch.Run(kernelPath, operands, start, Math.Min(operands.M, start + blockRows));
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

    /// <summary>A background thread that joins in claiming blocks when started, handed over under a monitor.</summary>
    private sealed class Worker
    {
        private readonly object sync = new();
        private bool pending;
        private bool running;
        private ExceptionDispatchInfo? failure;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"RagAgent MatMul worker {index}" };
            thread.Start();
        }

        public void Start()
        {
            lock (sync)
            {
                failure = null;
                pending = true;
                Monitor.PulseAll(sync);
            }
        }

        /// <summary>Cancels the hand-over if the worker has not picked it up yet, else waits for it to finish.</summary>
        public void CallOffOrWait()
        {
            lock (sync)
            {
                pending = false;
                while (running)
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
                    running = true;
                }

                ExceptionDispatchInfo? error = null;
                try
                {
                    RunBlocks();
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
                    running = false;
                    Monitor.PulseAll(sync);
                }
            }
        }
    }
}
