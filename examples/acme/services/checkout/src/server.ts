// Minimal checkout HTTP service used by the scorecard demo.
import { createServer } from "node:http";

createServer((req, res) => {
  if (req.url === "/healthz") {
    res.writeHead(200).end("ok\n");
    return;
  }
  res.writeHead(404).end();
}).listen(3000);
