namespace RagAgent.Envs.Checking;

/// <summary>Where in a checker run an observation or call happened, for messages.</summary>
/// <param name="Episode">Episode index within the run, from 0.</param>
/// <param name="Step">Step within the episode; 0 is the observation returned by Reset.</param>
internal readonly record struct CheckPoint(int Episode, int Step)
{
    public override string ToString() => Step == 0 ? $"after Reset of episode {Episode}" : $"at step {Step} of episode {Episode}";
}
