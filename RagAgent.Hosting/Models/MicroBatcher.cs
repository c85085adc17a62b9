using System.Diagnostics;
using RagAgent.Core.Distributions;
using RagAgent.Envs.Abstractions;
using RagAgent.Core.Policies;

namespace RagAgent.Hosting.Models;

/// <summary>
/// Runs the forward passes of one policy version, gathering the rows of concurrent requests into batches of at most
/// <c>maxBatchSize</c>. There is no dedicated thread: the request that finds no batch running becomes the leader,
/// runs batches until the queue is empty and completes the other requests' jobs. When the leader's own job is done
/// and more work is queued, leadership moves to a thread-pool item so the leader's response is not held back.
/// </summary>
/// <remarks>The policy is only ever called by the current leader, so one <see cref="IActorCritic"/> suffices.</remarks>
public sealed class MicroBatcher
{
    private readonly IActorCritic _policy;
    private readonly ObservationBatch _batch;
    private readonly float[] _logits;
    private readonly float[] _values;
    private readonly ActJob[] _slotJobs;
    private readonly int[] _slotRows;
    private readonly int _maxBatch;
    private readonly TimeSpan _maxWait;
    private readonly Action<BatchTiming> _onBatch;
    private readonly object _gate = new();
    private readonly Queue<ActJob> _queue = new();
    private int _queuedRows;
    private bool _leaderActive;

    /// <summary>Creates a batcher over <paramref name="policy"/>; <paramref name="onBatch"/> receives each forward pass's size and times.</summary>
    public MicroBatcher(IActorCritic policy, int maxBatchSize, TimeSpan maxWait, Action<BatchTiming> onBatch)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(onBatch);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _maxBatch = maxBatchSize;
        _policy = policy;
        _maxWait = maxWait;
        _onBatch = onBatch;
        _batch = new ObservationBatch(policy.Spec, _maxBatch);
        _logits = new float[_maxBatch * policy.Spec.NumActions];
        _values = new float[_maxBatch];
        _slotJobs = new ActJob[_maxBatch];
        _slotRows = new int[_maxBatch];
    }

    /// <summary>Queues <paramref name="job"/> and returns a task that completes when all its rows are evaluated.</summary>
    public Task RunAsync(ActJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        bool lead;
        job.EnqueuedTimestamp = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            _queue.Enqueue(job);
            _queuedRows += job.Observations.Length;
            lead = !_leaderActive;
            _leaderActive = true;
            if (!lead && _queuedRows >= _maxBatch)
            {
                Monitor.PulseAll(_gate);
            }
        }

        if (lead)
        {
            Lead(job);
        }

        return job.Completion;
    }

    private void Lead(ActJob? own)
    {
        while (true)
        {
            int count = 0;
            lock (_gate)
            {
                if (_queue.Count == 0 || (own is not null && own.Completion.IsCompleted))
                {
                    if (_queue.Count == 0)
                    {
                        _leaderActive = false;
                    }
                    else
                    {
                        ThreadPool.UnsafeQueueUserWorkItem(static b => b.Lead(null), this, preferLocal: false);
                    }

                    return;
                }

                if (_maxWait > TimeSpan.Zero && _queuedRows < _maxBatch)
                {
                    Monitor.Wait(_gate, _maxWait);
                }

                while (count < _maxBatch && _queue.TryPeek(out ActJob? job))
                {
                    int take = Math.Min(job.Observations.Length - job.NextRow, _maxBatch - count);
                    for (int i = 0; i < take; i++)
                    {
                        _slotJobs[count] = job;
                        _slotRows[count] = job.NextRow++;
                        count++;
                    }

                    _queuedRows -= take;
                    if (job.NextRow == job.Observations.Length)
                    {
                        _queue.Dequeue();
                    }
                }
            }

            RunBatch(count);
        }
    }

    private void RunBatch(int count)
    {
        int numActions = _policy.Spec.NumActions;
        long start = Stopwatch.GetTimestamp();
        double queueSeconds = Stopwatch.GetElapsedTime(_slotJobs[0].EnqueuedTimestamp, start).TotalSeconds;
        try
        {
            for (int s = 0; s < count; s++)
            {
                _batch.Write(s, _slotJobs[s].Observations[_slotRows[s]]);
            }

            _policy.Forward(_batch, count, _logits.AsSpan(0, count * numActions), _values.AsSpan(0, count));
        }
#pragma warning disable CA1031 // Any failure of the engine must fail the waiting requests, never strand them.
        catch (Exception e)
#pragma warning restore CA1031
        {
            for (int s = 0; s < count; s++)
            {
                _slotJobs[s].Source.TrySetException(e);
                _slotJobs[s] = null!;
            }

            return;
        }

        _onBatch(new BatchTiming(count, queueSeconds, Stopwatch.GetElapsedTime(start).TotalSeconds));
        for (int s = 0; s < count; s++)
        {
            ActJob job = _slotJobs[s];
            int row = _slotRows[s];
            _slotJobs[s] = null!;
            Span<float> logits = job.Logits.AsSpan(row * numActions, numActions);
            _logits.AsSpan(s * numActions, numActions).CopyTo(logits);
            try
            {
                MaskedCategorical.Probabilities(logits, _batch.ActionMask(s), job.Probabilities.AsSpan(row * numActions, numActions));
            }
            catch (ArgumentException e)
            {
                // Non-finite logits: this request fails with the reason; the batch's other requests are unaffected.
                job.Source.TrySetException(e);
                continue;
            }

            job.Values[row] = _values[s];
            if (Interlocked.Decrement(ref job.Remaining) == 0)
            {
                job.Source.TrySetResult();
            }
        }
    }
}

/// <summary>One forward pass of a <see cref="MicroBatcher"/>.</summary>
/// <param name="Size">Observations evaluated.</param>
/// <param name="QueueSeconds">How long the oldest of them waited in the queue before the pass started.</param>
/// <param name="ComputeSeconds">Time of the pass itself (copying into the batch and the network's forward).</param>
public readonly record struct BatchTiming(int Size, double QueueSeconds, double ComputeSeconds);
