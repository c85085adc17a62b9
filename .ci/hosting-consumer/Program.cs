// A user's own ASP.NET Core app that adds RagAgent policy serving next to its own routes, then calls itself with the
// typed client. It references only the packed RagAgent.Hosting and RagAgent.Hosting.Client packages.
using System.Security.Cryptography;
using System.Text;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Hosting;
using RagAgent.Hosting.Client;
using RagAgent.Hosting.Contracts;

string models = Directory.CreateTempSubdirectory("ragagent-hosting-consumer").FullName;
try
{
    // A policy to serve: an untrained mlp for a flat spec, saved as version 1 of "flat".
    var spec = new EnvSpec { Id = "consumer-flat", GlobalFeatureSize = 4, ExtraActions = 3 };
    var options = new PolicyOptions { HiddenSizes = [16, 16] };
    IActorCritic network = PolicyFactory.Create(spec, options, seed: 1);
    CheckpointFile.Save(Path.Combine(models, "flat", "1", "policy.safetensors"),
        new CheckpointContent(new CheckpointManifest { Policy = network.Options, Spec = spec }, network.ExportWeights()));

    const string secret = "consumer-secret";
    WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["RagAgent:ModelsDirectory"] = models,
        ["RagAgent:ApiKeys:0:Name"] = "consumer",
        ["RagAgent:ApiKeys:0:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))),
        ["RagAgent:ApiKeys:0:Roles:0"] = "predict",
    });
    builder.Services.AddRagAgentPolicies(builder.Configuration);
    await using WebApplication app = builder.Build();
    app.UseRateLimiter();
    app.MapGet("/", () => "the user's own route");
    app.MapRagAgentPolicies();
    await app.StartAsync();

    using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single() + "/") };
    string own = await http.GetStringAsync(new Uri("/", UriKind.Relative));
    var client = new PolicyClient(http, secret);
    var observation = new Observation(spec);
    observation.Globals[0] = 0.3f;
    observation.ActionMask[1] = false;
    ActResponse answer = await client.ActAsync("flat", observation);
    await app.StopAsync();

    bool ok = own == "the user's own route" && answer.Version == 1 && answer.Action != 1 && answer.Probabilities[1] == 0f
        && Math.Abs(answer.Probabilities.Sum() - 1f) < 1e-5f;
    Console.WriteLine(ok
        ? $"hosting consumer: ok (own route kept; flat v{answer.Version} chose action {answer.Action}, p = [{string.Join(", ", answer.Probabilities.Select(p => p.ToString("G3")))}])"
        : $"hosting consumer: unexpected answer {own} / {answer}");
    return ok ? 0 : 1;
}
finally
{
    Directory.Delete(models, recursive: true);
}
