-- wrk script: POST one :act body to the policy server.
-- BODY = path of the JSON body, KEY = API key secret (environment variables).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("KEY") or "bench-key")
local f = assert(io.open(os.getenv("BODY") or "benchmarks/hosting/graph-nav-act.json", "r"))
wrk.body = f:read("*a")
f:close()
