using System.Diagnostics;
using System.Globalization;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Registry;

namespace RagAgent.Benchmarks.Algorithms;

/// <summary>
/// Size and forward time of checkpoints: <c>forward FILE...</c> loads each checkpoint, fills a batch with the first
/// observations of 64 episodes of its env (default make options, seeds 0..63) and prints one Markdown row per file:
/// parameters, file bytes, and the median over 5 runs of the forward time per call at batch 1 and per observation at
/// batch 64 (each run repeats the call for about 0.2 s after a warm-up).
/// </summary>
public static class ForwardTimes
{
    private const int Batch = 64;

    /// <summary>Runs the command described in the summary.</summary>
    public static void Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Console.WriteLine("| checkpoint | hidden | parameters | file bytes | forward µs, batch 1 | forward µs/obs, batch 64 |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (string path in args.Skip(1))
        {
            CheckpointContent content = CheckpointFile.Load(path);
            IActorCritic policy = PolicyFactory.FromCheckpoint(content);
            IEnv env = EnvRegistry.CreateDefault().Make(content.Manifest.EnvId);
            var batch = new ObservationBatch(policy.Spec, Batch);
            for (int row = 0; row < Batch; row++)
            {
                batch.Write(row, env.Reset(row).Observation);
            }

            long parameters = content.Weights.Sum(w => (long)w.Data.Length);
            double single = Median(policy, batch, 1);
            double many = Median(policy, batch, Batch) / Batch;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {path} | {string.Join(',', policy.Options.HiddenSizes)} | {parameters} | {new FileInfo(path).Length} | {single:F2} | {many:F2} |"));
        }
    }

    private static double Median(IActorCritic policy, ObservationBatch batch, int count)
    {
        float[] logits = new float[count * policy.Spec.NumActions];
        float[] values = new float[count];
        for (int i = 0; i < 200; i++)
        {
            policy.Forward(batch, count, logits, values);
        }

        double[] runs = new double[5];
        for (int r = 0; r < runs.Length; r++)
        {
            long calls = 0;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed.TotalSeconds < 0.2)
            {
                policy.Forward(batch, count, logits, values);
                calls++;
            }

            runs[r] = watch.Elapsed.TotalMicroseconds / calls;
        }

        Array.Sort(runs);
        return runs[runs.Length / 2];
    }
}
