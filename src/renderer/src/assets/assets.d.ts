// Vite's `?inline` imports: the asset as a data: URL (the renderer has no vite/client types)
declare module '*?inline' {
  const url: string
  export default url
}
