using BenchmarkDotNet.Running;

namespace RagAgent.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (BenchmarkDotNet switcher).</summary>
public static class Program
{
    /// <summary>Entry point: <c>dotnet run -c Release --project benchmarks/RagAgent.Benchmarks -- --filter *</c>.</summary>
    /// <remarks><c>-- baselines [episodes] [seed]</c> prints the baseline table of the multi-goal envs instead;
    /// <c>-- ppo-curve</c> / <c>-- ppo-sps</c> run PPO on CartPole (see <see cref="Algorithms.PpoRuns"/>);
    /// <c>-- multigoal ENV STEPS SEED...</c> trains PPO on a multi-goal env and evaluates it on train and held-out goals
    /// (see <see cref="Algorithms.MultiGoalRuns"/>); <c>-- quantization [steps] [episodes] [seed]</c> compares int8 with float32
    /// on every built-in env (see <see cref="Algorithms.QuantizationRuns"/>); <c>-- forward FILE...</c> prints the size
    /// and forward time of checkpoints (see <see cref="Algorithms.ForwardTimes"/>).</remarks>
    public static void Main(string[] args)
    {
        if (args is ["baselines", ..])
        {
            int episodes = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000;
            int seed = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0;
            Console.Write(Envs.BaselineTable.Build(episodes, seed));
            return;
        }

        if (args is ["ppo-curve" or "ppo-sps", ..])
        {
            Algorithms.PpoRuns.Run(args);
            return;
        }

        if (args is ["quantization", ..])
        {
            Algorithms.QuantizationRuns.Run(args);
            return;
        }

        if (args is ["multigoal", ..])
        {
            Algorithms.MultiGoalRuns.Run(args);
            return;
        }

        if (args is ["forward", ..])
        {
            Algorithms.ForwardTimes.Run(args);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
