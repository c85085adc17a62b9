using System.Globalization;
using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Checking;
using RagAgent.Envs.Evaluation;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Vector;

namespace CustomEnv;

/// <summary>
/// The bring-your-own-env walkthrough through the library API: check the env, register it, train it with PPO,
/// evaluate and save the policy. The same env trains with the <c>ragagent</c> CLI through <c>--plugin</c>; see
/// RagAgent.Samples/README.md.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        long steps = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        string checkpointPath = args.Length > 1 ? args[1] : Path.Combine("runs", "room-booking-api", "policy.safetensors");

        // 1. Check the env against the IEnv contract before training on it.
        EnvCheckReport report = EnvChecker.Check(new RoomBookingEnv(), seed: 0, steps: 2000);
        Console.WriteLine(report);
        if (!report.IsValid)
        {
            return 1;
        }

        // 2. Register it next to the built-in envs (the CLI calls the same method for --plugin).
        EnvRegistry registry = EnvRegistry.CreateDefault();
        RoomBookingRegistration.RegisterEnvs(registry);
        Console.WriteLine($"registered envs: {string.Join(", ", registry.Ids)}");

        // 3. Train: vector env -> policy (task-node, chosen from the spec) -> PPO, as 'ragagent train' does.
        const int seed = 1;
        var ppo = new PpoOptions { NumEnvs = 8, NumSteps = 64 };
        var policyOptions = new PolicyOptions();
        using IVectorEnv envs = registry.MakeVector(RoomBookingEnv.Id, ppo.NumEnvs);
        IActorCritic policy = PolicyFactory.Create(envs.Spec, policyOptions, seed);
        var trainer = new PpoTrainer(policy, envs, ppo, seed);
        Console.WriteLine($"training {policy.Options.Architecture} policy on {RoomBookingEnv.Id} for {steps} steps");
        trainer.Learn(steps, [new PrintEveryUpdates(10)]);

        // 4. Evaluate on fresh episodes and save the checkpoint ('ragagent eval --plugin ... --checkpoint' reads it).
        EvaluationResult result = new Evaluator(policy).Evaluate(registry.Make(RoomBookingEnv.Id), episodes: 200, deterministic: true, seed: 10_000);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"evaluation over {result.Episodes} episodes: mean return {result.MeanReturn:0.000} ± {result.StdReturn:0.000}, success {result.SuccessRate:0.00}"));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!);
        trainer.SaveCheckpoint(checkpointPath);
        Console.WriteLine($"checkpoint: {checkpointPath}");
        return 0;
    }

    /// <summary>Prints the training metrics every few updates.</summary>
    private sealed class PrintEveryUpdates(int every) : ITrainingCallback
    {
        public void OnTrainingStart(ITrainingSession session)
        {
        }

        public bool OnUpdate(UpdateMetrics metrics)
        {
            if (metrics.Update % every == 0)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  step {metrics.Step,7}  mean return {metrics.MeanReturn,6:0.000}  success {metrics.SuccessRate:0.00}  {metrics.Sps:0} steps/s"));
            }

            return true;
        }
    }
}
