// A promise that settles once the page has painted its first content (or after half a second in a
// browser without paint timing). Both pages fetch AWS's action catalog only then.

export function whenPainted() {
  return new Promise((painted) => {
    if (!("PerformanceObserver" in window)) {
      setTimeout(painted, 500);
      return;
    }
    const observer = new PerformanceObserver((list) => {
      if (list.getEntries().some((entry) => entry.name === "first-contentful-paint")) {
        observer.disconnect();
        painted();
      }
    });
    observer.observe({ type: "paint", buffered: true });
  });
}
