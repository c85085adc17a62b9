using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchSmoke;

/// <summary>
/// CPU timings of a CartPole-sized actor-critic (4 observations, 2 actions; two tanh hidden layers of width H in
/// both the actor and the critic): the rollout forward (no grad) and one forward+backward+Adam step of a PPO-style
/// loss, for batch B ∈ {4, 128, 512, 4096} and H ∈ {64, 256, 1024}, with 1 thread and with libtorch's default.
/// </summary>
internal static class Bench
{
    private const int Observations = 4;
    private const int Actions = 2;
    private static readonly int[] Batches = [4, 128, 512, 4096];
    private static readonly int[] Hiddens = [64, 256, 1024];

    public static int Run(bool quick)
    {
        double budgetSeconds = quick ? 0.05 : 0.5;
        int defaultThreads = torch.get_num_threads();
        Console.WriteLine($"libtorch default threads: {defaultThreads}; {Environment.ProcessorCount} logical processors; budget {budgetSeconds} s and at least 5 timed calls per cell after 3 warm-up calls");
        Console.WriteLine();
        Console.WriteLine("| threads | hidden | batch | forward median µs | forward min µs | fwd+bwd+Adam median µs | fwd+bwd+Adam min µs |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (int threads in new[] { 1, defaultThreads }.Distinct())
        {
            torch.set_num_threads(threads);
            foreach (int hidden in Hiddens)
            {
                foreach (int batch in Batches)
                {
                    var (forward, update) = MeasureCell(hidden, batch, budgetSeconds);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {threads} | {hidden} | {batch} | {forward.Median:F0} | {forward.Min:F0} | {update.Median:F0} | {update.Min:F0} |"));
                }
            }
        }
        return 0;
    }

    private static (Timing Forward, Timing Update) MeasureCell(int hidden, int batch, double budgetSeconds)
    {
        torch.manual_seed(0);
        using var scope = torch.NewDisposeScope();
        var actor = Mlp(hidden, Actions);
        var critic = Mlp(hidden, 1);
        var adam = optim.Adam(actor.parameters().Concat(critic.parameters()), lr: 3e-4);
        var observations = torch.randn(batch, Observations);
        var actions = torch.randint(0, Actions, [batch, 1]);
        var advantages = torch.randn(batch);
        var returns = torch.randn(batch);

        var forward = Time(budgetSeconds, () =>
        {
            using var inner = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            actor.forward(observations);
            critic.forward(observations);
        });
        var update = Time(budgetSeconds, () =>
        {
            using var inner = torch.NewDisposeScope();
            var logProbs = nn.functional.log_softmax(actor.forward(observations), 1);
            var values = critic.forward(observations).squeeze(1);
            var chosen = logProbs.gather(1, actions).squeeze(1);
            var entropy = -(logProbs.exp() * logProbs).sum(1).mean();
            var loss = -(chosen * advantages).mean() + 0.5 * (values - returns).pow(2).mean() - 0.01 * entropy;
            adam.zero_grad();
            loss.backward();
            adam.step();
        });
        return (forward, update);
    }

    private static Sequential Mlp(int hidden, int outputs) => nn.Sequential(
        ("fc1", nn.Linear(Observations, hidden)), ("tanh1", nn.Tanh()),
        ("fc2", nn.Linear(hidden, hidden)), ("tanh2", nn.Tanh()),
        ("head", nn.Linear(hidden, outputs)));

    private static Timing Time(double budgetSeconds, Action call)
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
        return new Timing(samples[samples.Count / 2], samples[0]);
    }

    private readonly record struct Timing(double Median, double Min);
}
