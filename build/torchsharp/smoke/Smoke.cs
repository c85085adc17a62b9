using TorchSharp;
using static TorchSharp.torch;

namespace TorchSmoke;

/// <summary>
/// Loads the native backend and checks that tensors, autograd and Adam work: fits a 2-layer tanh MLP
/// ([256, 4] inputs → [256, 1] targets) for 200 Adam steps and requires the loss to fall.
/// </summary>
internal static class Smoke
{
    public static int Run()
    {
        torch.manual_seed(1);
        using var scope = torch.NewDisposeScope();
        var sample = torch.randn(2, 3);
        Console.WriteLine($"torch.randn(2, 3) = [{string.Join(", ", sample.data<float>().ToArray().Select(v => v.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))}]");

        var inputs = torch.randn(256, 4);
        var targets = (inputs.matmul(torch.tensor(new[] { 1.0f, -2.0f, 0.5f, 3.0f }).reshape(4, 1))).sin();
        var mlp = nn.Sequential(("hidden", nn.Linear(4, 64)), ("tanh", nn.Tanh()), ("out", nn.Linear(64, 1)));
        var adam = optim.Adam(mlp.parameters(), lr: 0.01);

        float first = 0, last = 0;
        for (int step = 0; step < 200; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            adam.zero_grad();
            var loss = nn.functional.mse_loss(mlp.forward(inputs), targets);
            loss.backward();
            if (step == 0)
            {
                first = loss.item<float>();
                float gradNorm = mlp.parameters().Sum(p => p.grad!.norm().item<float>());
                Console.WriteLine($"step 0: loss {first:F5}, sum of gradient norms {gradNorm:F5}");
                if (!float.IsFinite(gradNorm) || gradNorm <= 0)
                {
                    Console.Error.WriteLine("FAIL: backward produced no finite, non-zero gradient");
                    return 1;
                }
            }
            adam.step();
            last = loss.item<float>();
            if (step % 50 == 49)
            {
                Console.WriteLine($"step {step + 1}: loss {last:F5}");
            }
        }

        bool ok = float.IsFinite(last) && last < 0.5f * first;
        Console.WriteLine(ok ? $"OK: loss fell from {first:F5} to {last:F5}" : $"FAIL: loss {first:F5} -> {last:F5} (expected below half)");
        return ok ? 0 : 1;
    }
}
