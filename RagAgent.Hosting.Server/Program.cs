using RagAgent.Hosting;
using RagAgent.Hosting.Security;
using RagAgent.Hosting.Server;

if (args is ["hash-key", string secret])
{
    Console.WriteLine(ApiKeyHasher.Hash(secret));
    return 0;
}

if (args is ["probe", string url])
{
    // Container health check without curl: exit 0 when the URL answers 2xx.
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    try
    {
        using HttpResponseMessage response = await http.GetAsync(new Uri(url));
        return response.IsSuccessStatusCode ? 0 : 1;
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
    {
        return 1;
    }
}

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--models"] = $"{HostingOptions.SectionName}:{nameof(HostingOptions.ModelsDirectory)}",
    ["--state"] = $"{HostingOptions.SectionName}:{nameof(HostingOptions.StateDirectory)}",
});
try
{
    (builder.Configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>() ?? new HostingOptions()).Validate();
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"RagAgent.Hosting: {e.Message}");
    return 2;
}

builder.Services.AddRagAgentServer(builder.Configuration);
WebApplication app = builder.Build();
app.UseRagAgentServer();
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to in-process tests.</summary>
public partial class Program;
