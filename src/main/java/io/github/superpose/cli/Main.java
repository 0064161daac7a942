package io.github.superpose.cli;

public final class Main {
    public static void main(String[] args) {
        System.out.println("superpose");
    }
}
