# Build: docker build -t namescope .    Run: docker run -p 8080:8080 -v ns-data:/data namescope
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/namescope ./cmd/namescope

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/namescope /usr/local/bin/namescope
ENV NAMESCOPE_ADDR=:8080 NAMESCOPE_DATA=/data
VOLUME /data
EXPOSE 8080
USER nonroot
ENTRYPOINT ["/usr/local/bin/namescope"]
CMD ["serve"]
