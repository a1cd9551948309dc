// Statistics dashboard: "Download PNG" for each chart. The server draws the chart as SVG;
// here the SVG is painted on a canvas and saved as PNG. Without JavaScript the button stays
// hidden and the SVG and CSV links still work. No inline scripts (strict CSP): img-src
// allows data: URLs, which is how the SVG reaches the canvas.

const SCALE = 2;

function svgToPng(svgText, filename) {
  const image = new Image();
  const encoded = btoa(unescape(encodeURIComponent(svgText)));
  image.onload = () => {
    const canvas = document.createElement("canvas");
    canvas.width = image.naturalWidth * SCALE;
    canvas.height = image.naturalHeight * SCALE;
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    canvas.toBlob((blob) => {
      if (!blob) return;
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = filename;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    }, "image/png");
  };
  image.src = "data:image/svg+xml;base64," + encoded;
}

for (const button of document.querySelectorAll("button[data-stats-png]")) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const response = await fetch(button.dataset.statsPng, { credentials: "same-origin" });
      if (response.ok) svgToPng(await response.text(), button.dataset.statsFilename || "chart.png");
    } finally {
      button.disabled = false;
    }
  });
}
