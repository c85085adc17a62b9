using System.Diagnostics;
using System.Globalization;
using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.Registry;

namespace RagAgent.Benchmarks.Algorithms;

/// <summary>
/// int8 against float32 on every built-in env: trains an mlp policy briefly with PPO, quantises it with
/// <see cref="QuantizedActorCritic.Quantize"/>, and prints one Markdown row per env.
/// </summary>
/// <remarks>
/// <c>quantization [STEPS] [EPISODES] [SEED]</c> (defaults 50,000, 200, 1). Evaluation episode <c>k</c> is reset
/// with seed <c>k</c>. Agreement: along the float policy's greedy trajectories, the share of steps where the int8
/// policy's greedy action is the same. Returns: mean greedy return of each policy over the same episodes. Forward
/// time: median of 7 timed blocks of about 0.2 s each, per observation, at batch 1 and 64 (observations recorded
/// from random rollouts). Size: bytes of the parameters (float32: 4 per value; int8: 1 per weight plus a float scale
/// and a float bias per output row).
/// </remarks>
public static class QuantizationRuns
{
    private static readonly int[] Hidden = [64, 64];

    /// <summary>Runs the command described in the remarks.</summary>
    public static void Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        long steps = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
        int episodes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
        int seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
        EnvRegistry registry = EnvRegistry.CreateDefault();
        Console.WriteLine("| env | agreement | float return | int8 return | difference | float µs/obs b1 | int8 µs/obs b1 | float µs/obs b64 | int8 µs/obs b64 | float bytes | int8 bytes |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (string id in registry.Ids.Order(StringComparer.Ordinal))
        {
            EnvSpec spec = registry.GetSpec(id);
            IActorCritic policy = PolicyFactory.Create(spec, new PolicyOptions { Architecture = PolicyArchitecture.Mlp, HiddenSizes = Hidden }, seed);
            var ppo = new PpoOptions();
            new PpoTrainer(policy, registry.MakeVector(id, ppo.NumEnvs), ppo, seed).Learn(steps);
            QuantizedActorCritic quantized = QuantizedActorCritic.Quantize(policy);

            (double agreement, double floatReturn) = Rollouts(registry, id, policy, quantized, episodes);
            (_, double int8Return) = Rollouts(registry, id, quantized, null, episodes);
            ObservationBatch batch = Record(registry.Make(id), spec, 64, seed);
            long floatBytes = policy.ExportWeights().Sum(t => (long)t.Data.Length * sizeof(float));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {id} | {agreement:P2} | {floatReturn:F3} | {int8Return:F3} | {int8Return - floatReturn:+0.000;-0.000;0.000} | {Micros(policy, batch, 1):F2} | {Micros(quantized, batch, 1):F2} | {Micros(policy, batch, 64):F3} | {Micros(quantized, batch, 64):F3} | {floatBytes} | {quantized.ParameterBytes} |"));
        }
    }

    /// <summary>Greedy episodes of <paramref name="actor"/>; returns the share of steps where <paramref name="shadow"/> picks the same action (1 without one) and the mean return.</summary>
    private static (double Agreement, double MeanReturn) Rollouts(EnvRegistry registry, string id, IActorCritic actor, QuantizedActorCritic? shadow, int episodes)
    {
        IEnv env = registry.Make(id);
        var batch = new ObservationBatch(actor.Spec, 1);
        var logits = new float[actor.Spec.NumActions];
        var shadowLogits = new float[actor.Spec.NumActions];
        var value = new float[1];
        long steps = 0;
        long agreed = 0;
        double total = 0;
        for (int k = 0; k < episodes; k++)
        {
            Observation observation = env.Reset(k).Observation;
            while (true)
            {
                batch.Write(0, observation);
                actor.Forward(batch, 1, logits, value);
                int action = ArgMax(logits);
                if (shadow is not null)
                {
                    shadow.Forward(batch, 1, shadowLogits, value);
                    agreed += ArgMax(shadowLogits) == action ? 1 : 0;
                }

                steps++;
                StepResult step = env.Step(action);
                total += step.Reward;
                if (step.Done)
                {
                    break;
                }

                observation = step.Observation;
            }
        }

        (env as IDisposable)?.Dispose();
        return (shadow is null ? 1 : (double)agreed / steps, total / episodes);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Median microseconds per observation of a forward pass over <paramref name="count"/> rows.</summary>
    private static double Micros(IActorCritic policy, ObservationBatch batch, int count)
    {
        var logits = new float[count * policy.Spec.NumActions];
        var values = new float[count];
        int calls = 1;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < 0.05)
        {
            policy.Forward(batch, count, logits, values);
            calls++;
        }

        int perBlock = Math.Max(1, (int)(calls * 4L));
        var blocks = new double[7];
        for (int b = 0; b < blocks.Length; b++)
        {
            watch.Restart();
            for (int i = 0; i < perBlock; i++)
            {
                policy.Forward(batch, count, logits, values);
            }

            blocks[b] = watch.Elapsed.TotalMicroseconds / perBlock / count;
        }

        Array.Sort(blocks);
        return blocks[3];
    }

    private static ObservationBatch Record(IEnv env, EnvSpec spec, int count, int seed)
    {
        var batch = new ObservationBatch(spec, count);
        var random = new EnvRandom(seed);
        Observation observation = env.Reset(seed).Observation;
        for (int r = 0; r < count; r++)
        {
            batch.Write(r, observation);
            int[] allowed = [.. Enumerable.Range(0, spec.NumActions).Where(a => observation.ActionMask[a])];
            StepResult step = env.Step(allowed[random.NextInt(allowed.Length)]);
            observation = step.Done ? env.Reset(seed + r + 1).Observation : step.Observation;
        }

        (env as IDisposable)?.Dispose();
        return batch;
    }
}
