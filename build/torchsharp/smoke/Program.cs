using TorchSmoke;

// Usage: dotnet run -c Release -- [smoke | bench [--quick]]
string mode = args.Length > 0 ? args[0] : "smoke";
return mode switch
{
    "smoke" => Smoke.Run(),
    "bench" => Bench.Run(quick: args.Contains("--quick")),
    _ => Usage(mode),
};

static int Usage(string mode)
{
    Console.Error.WriteLine($"unknown mode '{mode}': expected 'smoke' or 'bench [--quick]'");
    return 2;
}
