-- wrk script: POST the body in the file named by env BODY_FILE to the URL's path, with the
-- content type in env CONTENT_TYPE; counts responses that are not 200.
local f = assert(io.open(os.getenv("BODY_FILE"), "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "application/json"
wrk.headers["Accept"] = os.getenv("ACCEPT") or "*/*"
