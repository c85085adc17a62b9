using System.Diagnostics;
using System.Globalization;
using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Vector;
using RagAgent.TorchSharp;

// Managed engine vs TorchSharp engine through the IActorCritic seam.
//   nn DEVICE BUDGET_S        forward and forward+backward+clip+Adam, batch {4,128,512,4096} x hidden {64,256,1024}
//   ppo DEVICE STEPS          end-to-end PPO env steps/s (defaults), cartpole and graph-nav
string mode = args.Length > 0 ? args[0] : "nn";
string device = args.Length > 1 ? args[1] : "cpu";
return mode switch
{
    "nn" => Network(device, args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 0.5),
    "ppo" => EndToEnd(device, args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 20_480),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: RagAgent.TorchBenchmarks nn|ppo [cpu|cuda|cuda:N] [budget seconds | PPO steps]");
    return 2;
}

static IActorCritic Create(string engine, EnvSpec spec, PolicyOptions options, string device) => engine == "managed"
    ? PolicyFactory.Create(spec, options, seed: 0)
    : TorchPolicyFactory.Create(spec, options, seed: 0, device);

static int Network(string device, double budget)
{
    EnvSpec spec = EnvRegistry.CreateDefault().Make("cartpole").Spec;
    Console.WriteLine($"CartPole spec (4 observations, 2 actions), mlp actor+critic H-H tanh; torch device {device}; budget {budget} s per cell");
    Console.WriteLine("| engine | hidden | batch | forward median µs | forward min µs | fwd+bwd+clip+Adam median µs | fwd+bwd+clip+Adam min µs |");
    Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    foreach (int hidden in new[] { 64, 256, 1024 })
    {
        foreach (int batch in new[] { 4, 128, 512, 4096 })
        {
            foreach (string engine in new[] { "managed", "torch" })
            {
                var options = new PolicyOptions { Architecture = PolicyArchitecture.Mlp, HiddenSizes = [hidden, hidden] };
                IActorCritic policy = Create(engine, spec, options, device);
                IPolicyOptimizer adam = policy.CreateOptimizer(new OptimizerOptions());
                var observations = new ObservationBatch(spec, batch);
                var random = new EnvRandom(1);
                for (int i = 0; i < batch * spec.GlobalFeatureSize; i++)
                {
                    observations.Globals[i] = random.NextFloat(-1f, 1f);
                }

                observations.ActionMasks.AsSpan().Fill(true);
                float[] logits = new float[batch * spec.NumActions], values = new float[batch];
                float[] dLogits = new float[logits.Length], dValues = new float[batch];
                for (int i = 0; i < dLogits.Length; i++)
                {
                    dLogits[i] = random.NextFloat(-1f, 1f) / batch;
                }

                (double Median, double Min) forward = Time(budget, () => policy.Forward(observations, batch, logits, values));
                (double Median, double Min) update = Time(budget, () =>
                {
                    adam.ZeroGrad();
                    policy.Forward(observations, batch, logits, values);
                    policy.Backward(dLogits, dValues);
                    adam.ClipGradNorm(0.5f);
                    adam.Step(3e-4f);
                });
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {engine} | {hidden} | {batch} | {forward.Median:F0} | {forward.Min:F0} | {update.Median:F0} | {update.Min:F0} |"));
                (policy as IDisposable)?.Dispose();
            }
        }
    }

    return 0;
}

static int EndToEnd(string device, long steps)
{
    Console.WriteLine($"PPO defaults (4 envs x 128 steps, 4 epochs x 4 minibatches), auto architecture; {steps} env steps after a 1-update warm-up; torch device {device}");
    Console.WriteLine("| env | engine | steps/s (wall) |");
    Console.WriteLine("| --- | --- | ---: |");
    foreach (string env in new[] { "cartpole", "graph-nav" })
    {
        foreach (string engine in new[] { "managed", "torch" })
        {
            var options = new PpoOptions();
            IVectorEnv envs = EnvRegistry.CreateDefault().MakeVector(env, options.NumEnvs);
            IActorCritic policy = Create(engine, envs.Spec, new PolicyOptions(), device);
            var trainer = new PpoTrainer(policy, envs, options, seed: 0);
            trainer.Learn(options.BatchSize);
            long start = Stopwatch.GetTimestamp();
            trainer.Learn(options.BatchSize + steps);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {env} | {engine} | {(trainer.GlobalStep - options.BatchSize) / seconds:F0} |"));
            (policy as IDisposable)?.Dispose();
            envs.Dispose();
        }
    }

    return 0;
}

static (double Median, double Min) Time(double budgetSeconds, Action call)
{
    for (int i = 0; i < 3; i++)
    {
        call();
    }

    var samples = new List<double>();
    var total = Stopwatch.StartNew();
    while (samples.Count < 5 || total.Elapsed.TotalSeconds < budgetSeconds)
    {
        long start = Stopwatch.GetTimestamp();
        call();
        samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
    }

    samples.Sort();
    return (samples[samples.Count / 2], samples[0]);
}
