using RagAgent.Core.Policies;
using RagAgent.Hosting;
using RagAgent.Hosting.Models;
using RagAgent.Hosting.Security;

if (args is ["hash-key", string secret])
{
    Console.WriteLine(ApiKeyHasher.Hash(secret));
    return;
}

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--models"] = $"{HostingOptions.SectionName}:{nameof(HostingOptions.ModelsDirectory)}",
    ["--state"] = $"{HostingOptions.SectionName}:{nameof(HostingOptions.StateDirectory)}",
});
builder.Services.AddRagAgentHosting(builder.Configuration, NoEngine);
WebApplication app = builder.Build();
app.UseRagAgentHosting();
app.Run();

static IActorCritic NoEngine(RagAgent.Core.Training.CheckpointContent content, int maxBatchSize) =>
    throw new NotSupportedException("No policy engine is registered.");

/// <summary>Entry point, visible to in-process tests.</summary>
public partial class Program;
