// A host team's Next.js 16 App Router settings page: the root layout.
export const metadata = { title: 'Settings · Next.js host' };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
